import { describe, expect, it } from "vitest";
import { SeededRandom } from "../util/random.ts";
import { NO_SLOT, WriteOverlay } from "./write-overlay.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** The model: key (hex) → value hex or null (deletion), with a snapshot per mark. */
function modelRange(model: Map<string, string | null>): [string, string | null][] {
  return [...model.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe("WriteOverlay (compact)", () => {
  it("matches a Map model under random puts, deletes and savepoint undos", () => {
    for (const seed of [1, 2, 3, 4]) {
      const random = new SeededRandom(seed);
      const overlay = new WriteOverlay();
      let model = new Map<string, string | null>();
      const marks: { mark: number; model: Map<string, string | null> }[] = [];
      // Few distinct short keys force replacements, long probe runs and backward shifts.
      const key = () => {
        const length = 1 + random.nextInt(3);
        return Uint8Array.from({ length }, () => random.nextInt(6));
      };
      for (let step = 0; step < 3000; step++) {
        const action = random.nextInt(20);
        if (action === 0) {
          marks.push({ mark: overlay.mark, model: new Map(model) });
        } else if (action === 1 && marks.length > 0) {
          const target = marks.splice(random.nextInt(marks.length))[0]!;
          overlay.undoTo(target.mark);
          model = target.model;
        } else {
          const k = key();
          if (random.nextInt(4) === 0) {
            overlay.delete(k);
            model.set(hex(k), null);
          } else {
            const v = Uint8Array.from({ length: random.nextInt(5) }, () => random.nextInt(256));
            overlay.put(k, v);
            model.set(hex(k), hex(v));
          }
        }
        expect(overlay.size, `seed ${seed} step ${step}`).toBe(model.size);
        if (step % 50 === 0) {
          for (const [k, v] of model) {
            const own = overlay.get(Buffer.from(k, "hex"));
            expect(own === undefined ? "absent" : own.value === undefined ? null : hex(own.value))
              .toBe(v);
          }
        }
        const probe = key();
        const own = overlay.get(probe);
        const expected = model.get(hex(probe));
        expect(own === undefined ? undefined : own.value === undefined ? null : hex(own.value))
          .toBe(expected);
      }
      const all = overlay.range(new Uint8Array(0), new Uint8Array([255]), false);
      expect(all.map((e) => [hex(e.key), e.value === undefined ? null : hex(e.value)]))
        .toEqual(modelRange(model));
    }
  });

  it("finds slots, keeps replaced slots readable and undoes to empty", () => {
    const overlay = new WriteOverlay();
    const a = Uint8Array.of(1, 2);
    expect(overlay.find(a)).toBe(NO_SLOT);
    const first = overlay.put(a, Uint8Array.of(7));
    const second = overlay.put(a, Uint8Array.of(8, 9));
    expect(overlay.find(a)).toBe(second);
    expect([...overlay.valueOf(first)!]).toEqual([7]);
    expect([...overlay.valueOf(second)!]).toEqual([8, 9]);
    const third = overlay.delete(a);
    expect(overlay.valueOf(third)).toBeUndefined();
    expect([...overlay.keyOf(third)]).toEqual([1, 2]);
    overlay.undoTo(2);
    expect(overlay.find(a)).toBe(second);
    overlay.undoTo(0);
    expect(overlay.size).toBe(0);
    expect(overlay.find(a)).toBe(NO_SLOT);
  });

  it("holds a large write set in a few arrays: bytes per entry close to the entry's bytes", () => {
    const overlay = new WriteOverlay();
    const value = new Uint8Array(200);
    const entries = 50_000;
    for (let i = 0; i < entries; i++) {
      const key = new Uint8Array(17);
      new DataView(key.buffer).setUint32(13, i);
      overlay.put(key, value);
    }
    const perEntry = overlay.heldBytes / entries;
    expect(perEntry).toBeGreaterThan(217);
    expect(perEntry).toBeLessThan(217 * 1.5);
  });
});
