/**
 * Packet framing for output: a logical payload becomes one or more physical packets of at most
 * 0xffffff payload bytes, each with a 3-byte length and a sequence id. A payload whose length is
 * an exact multiple of 0xffffff ends with an empty packet, so the reader knows it is complete.
 *
 * `PacketBuilder` is the zero-copy path: it reserves a header, lets the caller encode the
 * payload straight into the writer, then patches the header. Only payloads that overflow one
 * packet (rare: > 16 MiB) are copied to be re-framed.
 */

import { packetPayloadBytesMax } from "../constants.ts";
import { assert } from "../util/assert.ts";
import type { BufferWriter } from "./buffer-writer.ts";

const HEADER_BYTES = 4;

/** Appends `payload` as packets starting at `sequenceId`; returns the next sequence id. */
export function writePacket(out: BufferWriter, payload: Uint8Array, sequenceId: number): number {
  assertSequenceId(sequenceId);
  let offset = 0;
  let sequence = sequenceId;
  for (;;) {
    const partLength = Math.min(payload.length - offset, packetPayloadBytesMax);
    out.u24(partLength);
    out.u8(sequence);
    out.bytes(payload.subarray(offset, offset + partLength));
    offset += partLength;
    sequence = (sequence + 1) & 0xff;
    // A full-size part always needs a successor, even an empty one.
    if (partLength < packetPayloadBytesMax) return sequence;
  }
}

/** Builds one logical packet in place: `begin`, write the payload into `out`, `end`. */
export class PacketBuilder {
  #out: BufferWriter | undefined;
  #headerOffset = 0;

  /** Reserves the 4-byte header at the end of `out`. */
  begin(out: BufferWriter): void {
    assert(this.#out === undefined, "PacketBuilder.begin without end");
    this.#out = out;
    // end() always patches all four header bytes, so they need no zero fill.
    this.#headerOffset = out.reserveForPatch(HEADER_BYTES);
  }

  /** Closes the packet begun last; returns the next sequence id. */
  end(sequenceId: number): number {
    assertSequenceId(sequenceId);
    const out = this.#out;
    assert(out !== undefined, "PacketBuilder.end without begin");
    this.#out = undefined;
    const payloadStart = this.#headerOffset + HEADER_BYTES;
    const payloadLength = out.length - payloadStart;
    assert(payloadLength >= 0, "writer truncated below the packet header");
    if (payloadLength < packetPayloadBytesMax) {
      out.setU24At(this.#headerOffset, payloadLength);
      out.setU8At(this.#headerOffset + 3, sequenceId);
      return (sequenceId + 1) & 0xff;
    }
    // Re-frame an oversized payload: copy it out, then write it again as several packets.
    const payload = out.subarray(payloadStart).slice();
    out.truncate(this.#headerOffset);
    return writePacket(out, payload, sequenceId);
  }
}

function assertSequenceId(sequenceId: number): void {
  assert(Number.isInteger(sequenceId) && sequenceId >= 0 && sequenceId <= 0xff, "sequence id");
}
