/**
 * Seeded fuzzing of the decoders: damaged event bodies whose CRC was recomputed (so they pass
 * the checksum, as a buggy writer's output would) must decode or fail with CorruptionError —
 * never another exception, a hang, or an assertion. Failures print the seed.
 */

import { describe, expect, it } from "vitest";
import type { SqlValue } from "../sql/types/value.ts";
import { CorruptionError } from "../util/errors.ts";
import { crc32 } from "../util/crc32.ts";
import { SeededRandom } from "../util/random.ts";
import { type DecodedEvent, decodeEvent, decodeTransaction } from "./event-decoder.ts";
import { encodeTransaction } from "./event-encoder.ts";
import { column, everyType, logged, table } from "./event-test-tables.ts";

const SID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
const kinds = everyType.filter((_, i) => i % 2 === 0);
const every = logged(82, table("db", "every", kinds.map(([type], i) => column(`c${i}`, type))));
const bytes = encodeTransaction({ kind: "rows", changes: [
  { kind: "insert", table: every, after: kinds.map(([, value]) => value as SqlValue) },
  { kind: "delete", table: every, before: kinds.map(([, , value]) => value as SqlValue) },
] }, { serverId: 1, timestampSeconds: 1, sid: SID, gno: 1n, startPosition: 0 });

function decodeAll(file: Uint8Array): DecodedEvent[] {
  const events: DecodedEvent[] = [];
  for (let at = 0; at < file.length; at += events.at(-1)!.header.eventLength) {
    events.push(decodeEvent(file, at));
  }
  return events;
}

/** Flips bytes inside one event's body and rewrites its CRC. */
function damage(file: Uint8Array, event: DecodedEvent, random: SeededRandom): Uint8Array {
  const copy = file.slice();
  const bodyStart = event.position + 19;
  const flips = 1 + random.nextInt(3);
  for (let i = 0; i < flips; i++) {
    const at = bodyStart + random.nextInt(event.body.length);
    copy[at] = random.nextInt(256);
  }
  const end = event.position + event.header.eventLength;
  const crc = crc32(copy.subarray(event.position, end - 4));
  new DataView(copy.buffer).setUint32(end - 4, crc, true);
  return copy;
}

describe("decoder fuzzing", () => {
  it("damaged bodies decode or raise CorruptionError (seeded)", () => {
    const events = decodeAll(bytes);
    for (let seed = 1; seed <= 120; seed++) {
      const random = new SeededRandom(seed);
      const target = events[random.nextInt(events.length)]!;
      const damaged = damage(bytes, target, random);
      try {
        const decoded = decodeAll(damaged);
        for (const event of decoded) expect(typeof event.info).toBe("string");
        decodeTransaction(decoded, (id) => (id === 82 ? every : undefined));
      } catch (error) {
        if (!(error instanceof CorruptionError)) {
          throw new Error(`seed ${seed}: ${String(error)}`, { cause: error });
        }
      }
    }
  });
});
