/**
 * The server-wide (GLOBAL) system variable values. New sessions copy the values of every
 * session-capable variable at connect, as MySQL; `SET GLOBAL` therefore affects only sessions
 * opened later (and the global itself).
 *
 * A few read-only globals are live views of server state (@@gtid_executed follows the binary
 * log): `bindLive` attaches a reader that `get` calls instead of the stored value.
 */

import { assert } from "../../util/assert.ts";
import { ER_UNKNOWN_SYSTEM_VARIABLE } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { SqlValue } from "../types/value.ts";
import { silentWarnings } from "../types/coercion.ts";
import {
  canonicalVariableName,
  getSystemVariableDefinition,
  listSystemVariables,
  validateSystemVariable,
} from "../system-variables.ts";

export class GlobalVariables {
  readonly #values = new Map<string, SqlValue>();
  readonly #live = new Map<string, () => SqlValue>();

  /** `overrides` are startup options (name → text); an invalid one throws SqlError. */
  constructor(overrides: ReadonlyMap<string, string> = new Map()) {
    for (const definition of listSystemVariables()) {
      this.#values.set(definition.name, definition.defaultValue);
    }
    for (const [rawName, text] of overrides) {
      const name = canonicalVariableName(rawName.replaceAll("-", "_"));
      const definition = getSystemVariableDefinition(name);
      if (definition === undefined) throw sqlError(ER_UNKNOWN_SYSTEM_VARIABLE, rawName);
      const numeric = /^-?\d+$/.test(text) ? Number(text) : text;
      const input = definition.type.kind === "int" || definition.type.kind === "bool" ? numeric : text;
      this.set(name, validateSystemVariable(definition, input, silentWarnings));
    }
  }

  get(name: string): SqlValue {
    const canonical = canonicalVariableName(name);
    const read = this.#live.get(canonical);
    if (read !== undefined) return read();
    return this.#values.get(canonical) ?? null;
  }

  /**
   * Makes a registered read-only global a live view: `get` returns `read()` from now on.
   * Only read-only variables may be bound, so SET can never diverge from the view.
   */
  bindLive(name: string, read: () => SqlValue): void {
    const definition = getSystemVariableDefinition(name);
    assert(definition !== undefined, `unknown system variable ${name}`);
    assert(definition.readOnly, `only a read-only variable can be live: ${name}`);
    this.#live.set(definition.name, read);
  }

  /** Stores an already validated value, keeping aliases (tx_isolation) in step. */
  set(name: string, value: SqlValue): void {
    const canonical = canonicalVariableName(name);
    this.#values.set(canonical, value);
    if (canonical === "transaction_isolation") this.#values.set("tx_isolation", value);
    if (canonical === "transaction_read_only") this.#values.set("tx_read_only", value);
  }

  *entries(): IterableIterator<[string, SqlValue]> {
    for (const name of this.#values.keys()) yield [name, this.get(name)];
  }
}
