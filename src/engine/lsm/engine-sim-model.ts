/**
 * The reference model of the engine simulation: what the tree must hold, kept as a plain map
 * from key (hex) to value, plus the log of every batch with its logEnd, so the state at any
 * durable prefix of the log can be rebuilt after a crash. Deliberately naive: correctness here
 * is obvious, speed is not needed.
 */

import { assert } from "../../util/assert.ts";
import { compareBytes } from "../../util/bytes.ts";

export interface ModelRecord {
  readonly key: Uint8Array;
  /** undefined for a deletion. */
  readonly value: Uint8Array | undefined;
}

export interface ModelBatch {
  readonly logEnd: number;
  readonly records: readonly ModelRecord[];
}

export type ModelState = ReadonlyMap<string, { key: Uint8Array; value: Uint8Array }>;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** The key as hex text: a map key that orders like the bytes. */
export function hexOf(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += HEX[bytes[i]!]!;
  return text;
}

export class EngineSimModel {
  #batches: ModelBatch[] = [];
  #state = new Map<string, { key: Uint8Array; value: Uint8Array }>();

  get state(): ModelState {
    return this.#state;
  }

  get lastLogEnd(): number {
    return this.#batches.at(-1)?.logEnd ?? 0;
  }

  apply(batch: ModelBatch): void {
    assert(batch.logEnd > this.lastLogEnd, "model log ends must increase");
    this.#batches.push(batch);
    applyTo(this.#state, batch);
  }

  /** A copy of the current state, for a snapshot. */
  copy(): ModelState {
    return new Map(this.#state);
  }

  /** Forgets every batch after `logEnd` (they were only in lost memtables). */
  truncateAfter(logEnd: number): void {
    this.#batches = this.#batches.filter((batch) => batch.logEnd <= logEnd);
    this.#state = new Map();
    for (const batch of this.#batches) applyTo(this.#state, batch);
  }
}

type MutableState = Map<string, { key: Uint8Array; value: Uint8Array }>;

function applyTo(state: MutableState, batch: ModelBatch): void {
  for (const record of batch.records) {
    const hex = hexOf(record.key);
    if (record.value === undefined) state.delete(hex);
    else state.set(hex, { key: record.key, value: record.value });
  }
}

/** The entries of `state` within [lower, upper), ascending (or descending when reverse). */
export function modelRange(
  state: ModelState,
  lower: Uint8Array | undefined,
  upper: Uint8Array | undefined,
  reverse: boolean,
): { key: Uint8Array; value: Uint8Array }[] {
  const entries = [...state.values()].filter(
    (entry) =>
      (lower === undefined || compareBytes(entry.key, lower) >= 0) &&
      (upper === undefined || compareBytes(entry.key, upper) < 0),
  );
  entries.sort((a, b) => compareBytes(a.key, b.key));
  return reverse ? entries.reverse() : entries;
}
