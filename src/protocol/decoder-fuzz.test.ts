/**
 * Fuzz robustness: every protocol decoder, fed 10k seeded random and mutated payloads, may only
 * throw the protocol's typed errors. Anything else (a RangeError, a TypeError, an
 * AssertionError) means a decoder trusted the client. A failure names the seed and iteration,
 * which replay it exactly.
 */

import { describe, expect, it } from "vitest";
import { SeededRandom } from "../util/random.ts";
import { decryptRsaPassword, generateRsaKeyPair } from "./auth-plugins.ts";
import { BufferReader, MalformedPacketError } from "./buffer-reader.ts";
import { BufferWriter } from "./buffer-writer.ts";
import { serverCapabilities } from "./capability-flags.ts";
import {
  MYSQL_TYPE_DATE,
  MYSQL_TYPE_DATETIME,
  MYSQL_TYPE_LONGLONG,
  MYSQL_TYPE_TIME,
  MYSQL_TYPE_TIMESTAMP,
} from "./column-type.ts";
import { decodeChangeUser, decodeHandshakeResponse } from "./handshake.ts";
import { PacketOutOfOrderError, PacketReader, PacketTooLargeError } from "./packet-reader.ts";
import {
  decodeStmtExecute,
  decodeStmtId,
  decodeStmtSendLongData,
  type ParamType,
  UnknownStatementError,
} from "./prepared-statement.ts";
import { encodeBinaryRow } from "./result-set.ts";
import { decodeBinaryDateTime, decodeBinaryTime } from "./temporal-wire.ts";
import { fromHex } from "./packet-test-util.ts";

const SEED = 20_261_122;
const none = (): undefined => undefined;
const ITERATIONS = 10_000;

/** Every parameter type the decoder accepts, plus a few it must reject. */
const PARAM_TYPES = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 200, 245, 246, 247, 248, 249,
  250, 251, 252, 253, 254, 255,
];

/** Valid payloads of each kind, which mutation turns into nearly-valid ones. */
const CORPUS: readonly Uint8Array[] = [
  fromHex(
    "8da60f00 00000001 08" + "00".repeat(23) + "70616d00 14" +
      "ab09eef6bcb1323e61143865c0991d957d75d447 7465737400" +
      "6d7973716c5f6e61746976655f70617373776f726400",
  ),
  fromHex("0da23f00 00000001 ff" + "00".repeat(23) + "7500 02aabb 6400 7000 0a 01 6b 03 767676"),
  fromHex("01000000 00 01000000 00 01 0f00 03666f6f"),
  fromHex("01000000 00 01000000 0000 01 0c00 0b00 0b da070a11131b1e01000000 0c0178000000131b1e"),
  fromHex("01000000 00 01000000 00 01 0880 ffffffffffffffff"),
  fromHex("05000000 0200 616263"),
  fromHex("616c69636500 03 010203 73686f7000 ff00 7000 06 016b 0476767676"),
];

function mutate(rng: SeededRandom, source: Uint8Array): Uint8Array {
  const bytes = Array.from(source);
  const edits = 1 + rng.nextInt(4);
  for (let e = 0; e < edits; e++) {
    const at = rng.nextInt(bytes.length + 1);
    switch (rng.nextInt(5)) {
      case 0:
        bytes[at] = rng.nextInt(256);
        break;
      case 1:
        bytes[at] = [0x00, 0xfb, 0xfc, 0xfd, 0xfe, 0xff][rng.nextInt(6)]!;
        break;
      case 2:
        bytes.length = Math.min(bytes.length, at);
        break;
      case 3:
        bytes.splice(at, 0, ...rng.bytes(1 + rng.nextInt(8)));
        break;
      default:
        bytes.splice(at, 1 + rng.nextInt(4));
    }
  }
  return Uint8Array.from(bytes);
}

function nextInput(rng: SeededRandom): Uint8Array {
  if (rng.nextInt(3) === 0) return rng.bytes(rng.nextInt(96));
  return mutate(rng, CORPUS[rng.nextInt(CORPUS.length)]!);
}

type ErrorClass = new (...args: never[]) => Error;

function expectOnly(label: string, run: () => unknown, ...allowed: ErrorClass[]): void {
  try {
    run();
  } catch (error) {
    if (allowed.some((type) => error instanceof type)) return;
    throw new Error(`${label}: unexpected ${String(error)}`, { cause: error });
  }
}

function randomParamTypes(rng: SeededRandom, count: number): ParamType[] {
  return Array.from({ length: count }, () => ({
    type: PARAM_TYPES[rng.nextInt(PARAM_TYPES.length)]!,
    unsigned: rng.nextInt(2) === 0,
  }));
}

function feedPacketReader(rng: SeededRandom, input: Uint8Array): void {
  const reader = new PacketReader(rng.nextInt(64));
  let at = 0;
  while (at < input.length) {
    const size = 1 + rng.nextInt(16);
    reader.push(input.subarray(at, at + size));
    at += size;
    while (reader.next() !== undefined);
  }
}

function fuzzOne(rng: SeededRandom, input: Uint8Array, label: string): void {
  const capabilities = rng.nextInt(2) === 0 ? serverCapabilities : rng.nextUint32();
  const paramCount = rng.nextInt(12);
  const previous = rng.nextInt(2) === 0 ? randomParamTypes(rng, paramCount) : undefined;
  const longData =
    rng.nextInt(4) === 0 ? new Map([[rng.nextInt(paramCount + 1), rng.bytes(3)]]) : undefined;
  expectOnly(label, () => decodeHandshakeResponse(input), MalformedPacketError);
  expectOnly(label, () => decodeChangeUser(input, capabilities), MalformedPacketError);
  expectOnly(
    label,
    () =>
      decodeStmtExecute(
        input,
        (id) => (id === 1 || rng.nextInt(2) === 0 ? paramCount : undefined),
        () => previous,
        () => longData,
      ),
    MalformedPacketError,
    UnknownStatementError,
  );
  expectOnly(label, () => decodeStmtSendLongData(input), MalformedPacketError);
  expectOnly(label, () => decodeStmtId(input), MalformedPacketError);
  const dateOnly = rng.nextInt(2) === 0;
  expectOnly(
    label,
    () => decodeBinaryDateTime(new BufferReader(input), dateOnly),
    MalformedPacketError,
  );
  expectOnly(label, () => decodeBinaryTime(new BufferReader(input)), MalformedPacketError);
  expectOnly(
    label,
    () => {
      const r = new BufferReader(input);
      while (!r.atEnd()) r.lenencString();
    },
    MalformedPacketError,
  );
  expectOnly(
    label,
    () => feedPacketReader(rng, input),
    PacketTooLargeError,
    PacketOutOfOrderError,
  );
}

describe("decoder fuzz robustness", () => {
  it(`throws only typed errors on ${ITERATIONS} random and mutated payloads`, () => {
    const rng = new SeededRandom(SEED);
    for (let i = 0; i < ITERATIONS; i++) {
      fuzzOne(rng, nextInput(rng), `seed ${SEED} iteration ${i}`);
    }
  });

  it("decryptRsaPassword throws only MalformedPacketError on garbage ciphertexts", () => {
    // RSA is slow, so fewer iterations; lengths cluster around the 256-byte modulus size.
    const rng = new SeededRandom(SEED + 2);
    const { privateKey } = generateRsaKeyPair();
    const scramble = rng.bytes(20);
    for (let i = 0; i < 200; i++) {
      const length = rng.nextInt(2) === 0 ? 256 : rng.nextInt(300);
      expectOnly(
        `seed ${SEED + 2} iteration ${i}`,
        () => decryptRsaPassword(privateKey, rng.bytes(length), scramble),
        MalformedPacketError,
      );
    }
  });

  it("decodes, as execute parameters, exactly what encodeBinaryRow encodes", () => {
    const rng = new SeededRandom(SEED + 1);
    const pad = (n: number, width: number): string => String(n).padStart(width, "0");
    for (let i = 0; i < 2000; i++) {
      const micro = rng.nextInt(3) === 0 ? `.${pad(1 + rng.nextInt(999_999), 6)}` : "";
      const [year, month, day] = [rng.nextInt(10_000), rng.nextInt(13), rng.nextInt(32)];
      const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
      const [hour, minute, second] = [rng.nextInt(24), rng.nextInt(60), rng.nextInt(60)];
      const clock = `${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`;
      const hours = rng.nextInt(839);
      const time = `${rng.nextInt(2) === 0 ? "-" : ""}${pad(hours, 2)}${clock.slice(2)}${micro}`;
      const big = BigInt.asIntN(64, (BigInt(rng.nextUint32()) << 32n) | BigInt(rng.nextUint32()));
      const cases: [number, string | bigint | number][] = [
        [MYSQL_TYPE_DATETIME, `${date} ${clock}${micro}`],
        [MYSQL_TYPE_TIMESTAMP, `${date} ${clock}`],
        [MYSQL_TYPE_DATE, date],
        [MYSQL_TYPE_TIME, time],
        [MYSQL_TYPE_LONGLONG, big],
      ];
      for (const [type, value] of cases) {
        const row = new BufferWriter();
        encodeBinaryRow(row, [value], [type], [false]);
        const body = new BufferWriter();
        body.bytes(fromHex("01000000 00 01000000 00 01"));
        body.u8(type);
        body.u8(0);
        body.bytes(row.finish().subarray(2));
        const decoded = decodeStmtExecute(body.finish(), () => 1, none, none);
        const expected = expectedRoundTrip(type, value);
        expect(decoded.values[0], `seed ${SEED + 1} iteration ${i}`).toEqual(expected);
      }
    }
  });
});

/** What the decoder returns for a value: zero values and zero fractions take their short forms. */
function expectedRoundTrip(type: number, value: string | bigint | number): unknown {
  if (typeof value !== "string") {
    const n = BigInt(value);
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(n)
      : n;
  }
  if (type === MYSQL_TYPE_TIME) {
    if (/^-?0+:00:00$/.test(value)) return "00:00:00";
    return value;
  }
  if (type === MYSQL_TYPE_DATE) return value;
  if (value === "0000-00-00 00:00:00") return value;
  return value.endsWith(" 00:00:00") ? value.slice(0, 10) : value;
}
