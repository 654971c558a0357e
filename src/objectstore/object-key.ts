/**
 * Object key rules, shared by every provider so a key valid in one is valid in all:
 * - '/'-separated segments, each non-empty, not starting with "." (which also excludes "." and
 *   "..", and leaves names starting with "." free for the local provider's temporary files);
 * - characters limited to A-Z a-z 0-9 '.' '_' '-' '=' so keys are safe file names everywhere
 *   and JavaScript string order equals byte order (listings sort the same in every provider);
 * - at most objectKeyBytesMax bytes in total and objectKeySegmentBytesMax per segment.
 * A listing prefix follows the same character rules but may be empty or end in '/' or mid-segment.
 */

import { objectKeyBytesMax, objectKeySegmentBytesMax } from "../constants.ts";
import { InvalidObjectKeyError } from "./object-store-errors.ts";

const keyCharacters = /^[A-Za-z0-9._=\-/]*$/;

/** Throws InvalidObjectKeyError unless `key` is a valid object key. */
export function validateObjectKey(key: string): void {
  if (key.length === 0) throw new InvalidObjectKeyError(key, "empty");
  checkCharactersAndLength(key);
  for (const segment of key.split("/")) {
    if (segment.length === 0) throw new InvalidObjectKeyError(key, "empty segment");
    checkSegment(key, segment);
  }
}

/** Throws InvalidObjectKeyError unless `prefix` could begin a valid key (or is empty). */
export function validateObjectPrefix(prefix: string): void {
  checkCharactersAndLength(prefix);
  const segments = prefix.split("/");
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? "";
    const last = i === segments.length - 1;
    if (segment.length === 0 && !last) throw new InvalidObjectKeyError(prefix, "empty segment");
    checkSegment(prefix, segment);
  }
}

function checkCharactersAndLength(key: string): void {
  if (!keyCharacters.test(key)) {
    throw new InvalidObjectKeyError(key, "only A-Z a-z 0-9 . _ - = and / are allowed");
  }
  if (key.length > objectKeyBytesMax) {
    throw new InvalidObjectKeyError(key, `longer than ${objectKeyBytesMax} bytes`);
  }
}

function checkSegment(key: string, segment: string): void {
  if (segment.startsWith(".")) {
    throw new InvalidObjectKeyError(key, "a segment may not start with '.'");
  }
  if (segment.length > objectKeySegmentBytesMax) {
    throw new InvalidObjectKeyError(key, `a segment is longer than ${objectKeySegmentBytesMax}`);
  }
}
