import { describe, expect, it } from "vitest";
import { BufferWriter } from "./buffer-writer.ts";
import { PacketBuilder } from "./packet-writer.ts";
import { encodeEof, encodeErr, encodeOk } from "./response-packets.ts";
import { toHex } from "./packet-test-util.ts";

function framed(sequenceId: number, encode: (out: BufferWriter) => void): string {
  const out = new BufferWriter();
  const builder = new PacketBuilder();
  builder.begin(out);
  encode(out);
  builder.end(sequenceId);
  return toHex(out.finish());
}

describe("response packets", () => {
  it("encodes the documented OK packet", () => {
    // MySQL docs, OK_Packet example: 07 00 00 02 00 00 00 02 00 00 00.
    const hex = framed(2, (out) =>
      encodeOk(out, { affectedRows: 0, lastInsertId: 0, statusFlags: 2, warnings: 0 }),
    );
    expect(hex).toBe("0700000200000002000000");
  });

  it("encodes an OK with large ids, info and the 0xfe header", () => {
    const out = new BufferWriter();
    encodeOk(out, {
      affectedRows: 300,
      lastInsertId: 2n ** 40n,
      statusFlags: 0x22,
      warnings: 1,
      info: "Rows matched: 1",
      header: 0xfe,
    });
    expect(toHex(out.finish())).toBe(
      // The info is length-encoded (0x0f), as mysqld writes it and libmariadb reads it.
      ["fe", "fc2c01", "fe0000000000010000", "2200", "0100", "0f"].join("") +
        toHex(Buffer.from("Rows matched: 1")),
    );
  });

  it("encodes the documented ERR packet", () => {
    // MySQL docs, ERR_Packet example: 1096 (0x0448) HY000 "No tables used".
    const hex = framed(1, (out) => encodeErr(out, 1096, "HY000", "No tables used"));
    const message = toHex(Buffer.from("No tables used"));
    expect(hex).toBe("17000001" + "ff" + "4804" + "23" + "4859303030" + message);
  });

  it("rejects a malformed SQLSTATE", () => {
    expect(() => encodeErr(new BufferWriter(), 1064, "4200", "x")).toThrow();
  });

  it("encodes the documented EOF packet", () => {
    // MySQL docs, EOF_Packet example: 05 00 00 05 fe 00 00 02 00.
    expect(framed(5, (out) => encodeEof(out, 0, 2))).toBe("05000005fe00000200");
  });
});
