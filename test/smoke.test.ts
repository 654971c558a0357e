import { expect, test } from "vitest";
import { assert } from "../src/util/assert.ts";
test("assert throws", () => { expect(() => assert(false)).toThrow(); });
