/**
 * Per-statement diagnostics (SHOW WARNINGS): notes, warnings and the error of the last
 * statement, in the order raised, capped at max_error_count as MySQL (the count keeps growing
 * past the cap, the list does not).
 */

import type { MysqlErrorSpec } from "../util/mysql-errors.ts";
import { formatErrorMessage } from "../util/mysql-errors.ts";
import { maxErrorCountDefault } from "../constants.ts";

export type WarningLevel = "Note" | "Warning" | "Error";

export interface Warning {
  readonly level: WarningLevel;
  readonly code: number;
  readonly message: string;
}

export class WarningList {
  readonly #items: Warning[] = [];
  #count = 0;
  #errorCount = 0;
  /** sql_notes=0 suppresses notes, as MySQL. */
  notesEnabled = true;
  limit = maxErrorCountDefault;

  add(level: WarningLevel, spec: MysqlErrorSpec, ...args: readonly unknown[]): void {
    this.push({ level, code: spec.code, message: formatErrorMessage(spec.template, args) });
  }

  push(warning: Warning): void {
    if (warning.level === "Note" && !this.notesEnabled) return;
    this.#count++;
    if (warning.level === "Error") this.#errorCount++;
    if (this.#items.length < this.limit) this.#items.push(warning);
  }

  get count(): number {
    return this.#count;
  }

  get errorCount(): number {
    return this.#errorCount;
  }

  get items(): readonly Warning[] {
    return this.#items;
  }

  clear(): void {
    this.#items.length = 0;
    this.#count = 0;
    this.#errorCount = 0;
  }
}
