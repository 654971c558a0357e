import { describe, expect, it } from "vitest";
import { AssertionError } from "../../util/assert.ts";
import type { Manifest } from "./manifest.ts";
import { ViewHolds } from "./view-holds.ts";

// ViewHolds compares manifests by identity only, so distinct objects stand in for them.
const manifest = (name: string): Manifest => ({ name }) as unknown as Manifest;

describe("ViewHolds", () => {
  it("counts holds per manifest, whichever is the recent one", () => {
    const views = new ViewHolds();
    const a = manifest("a");
    const b = manifest("b");
    views.hold(a);
    views.hold(a);
    views.hold(b);
    expect([...views.held()]).toEqual([a, b]);
    expect(views.release(a)).toBe(false);
    expect(views.release(a)).toBe(true);
    // b is counted in the map; holding it again must not also count it as the recent one.
    views.hold(b);
    expect([...views.held()]).toEqual([b]);
    expect(views.release(b)).toBe(false);
    expect(views.release(b)).toBe(true);
    expect([...views.held()]).toEqual([]);
    expect(() => views.release(b)).toThrow(AssertionError);
    views.hold(b);
    expect([...views.held()]).toEqual([b]);
    expect(views.release(b)).toBe(true);
    expect(() => views.release(a)).toThrow(AssertionError);
  });
});
