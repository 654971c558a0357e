import { describe, expect, it } from "vitest";
import { SeededRandom } from "../util/random.ts";
import { BufferWriter, utf8ByteLength } from "./buffer-writer.ts";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("BufferWriter", () => {
  it("writes the documented length-encoded integer forms", () => {
    const cases: [number | bigint, string][] = [
      [0, "00"],
      [250, "fa"],
      [251, "fcfb00"],
      [65535, "fcffff"],
      [65536, "fd000001"],
      [0xffffff, "fdffffff"],
      [0x1000000, "fe0000000100000000"],
      [2n ** 64n - 1n, "feffffffffffffffff"],
      [300n, "fc2c01"],
    ];
    for (const [value, expected] of cases) {
      const w = new BufferWriter();
      w.lenencInt(value);
      expect(hex(w.finish())).toBe(expected);
    }
  });

  it("grows by doubling and keeps earlier bytes", () => {
    const w = new BufferWriter(2);
    for (let i = 0; i < 1000; i++) w.u8(i);
    const out = w.finish();
    expect(out.length).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(out[i]).toBe(i & 0xff);
  });

  it("encodes strings exactly like TextEncoder, short and long", () => {
    const rng = new SeededRandom(7);
    const alphabet = ["a", "é", "€", "🙂", "\ud800", "\udc00", "z", "\u07ff", "\u0800"];
    for (let round = 0; round < 200; round++) {
      const length = rng.nextInt(round < 100 ? 40 : 400);
      let s = "";
      for (let i = 0; i < length; i++) s += alphabet[rng.nextInt(alphabet.length)];
      const expected = new TextEncoder().encode(s);
      const w = new BufferWriter(1);
      w.string(s);
      expect(hex(w.finish())).toBe(hex(expected));
      expect(utf8ByteLength(s)).toBe(expected.length);
      const lenenc = new BufferWriter(1);
      lenenc.lenencString(s);
      const prefix = new BufferWriter();
      prefix.lenencInt(expected.length);
      expect(hex(lenenc.finish())).toBe(hex(prefix.finish()) + hex(expected));
    }
  });

  it("switches lenenc strings to the 3-byte prefix exactly at 251 bytes", () => {
    for (const [unit, repeat] of [["a", 250], ["a", 251], ["a", 255], ["é", 125], ["é", 126], ["€", 84], ["€", 85]] as const) {
      const s = unit.repeat(repeat);
      const expected = new TextEncoder().encode(s);
      const w = new BufferWriter(1);
      w.u8(0x99);
      w.lenencString(s);
      w.u8(0x77);
      const prefix = new BufferWriter();
      prefix.lenencInt(expected.length);
      expect(hex(w.finish())).toBe("99" + hex(prefix.finish()) + hex(expected) + "77");
    }
  });

  it("reserves bytes for patching without writing them", () => {
    const w = new BufferWriter(2);
    w.u8(0xaa);
    const at = w.reserveForPatch(3);
    w.u8(0xbb);
    expect(at).toBe(1);
    expect(w.length).toBe(5);
    w.setU24At(at, 0x030201);
    expect(hex(w.finish())).toBe("aa010203bb");
  });

  it("reserves, patches, fills, truncates and resets", () => {
    const w = new BufferWriter(4);
    w.u8(0xaa);
    const at = w.reserve(4);
    w.fill(0x20, 3);
    w.setU24At(at, 0x030201);
    w.setU8At(at + 3, 7);
    expect(hex(w.finish())).toBe("aa01020307202020");
    expect(hex(w.subarray(1, 3))).toBe("0102");
    w.truncate(1);
    expect(hex(w.finish())).toBe("aa");
    w.reset();
    expect(w.length).toBe(0);
    expect(() => w.setU8At(0, 1)).toThrow();
  });

  it("writes negative 64-bit numbers in two's complement", () => {
    const w = new BufferWriter();
    w.i64(-1);
    w.i64(-2n);
    expect(hex(w.finish())).toBe("ffffffffffffffff" + "feffffffffffffff");
  });
});
