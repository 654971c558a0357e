/**
 * Crash safety against the real server process: clients commit numbered three-table
 * transactions, the server is killed with SIGKILL at random moments and restarted on the same
 * datadir, and every acknowledged transaction must be present and none half-applied
 * (test/support/crash-workload.ts). A bounded run; `bun scripts/crash-campaign.ts` runs long ones.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCrashCampaign } from "../support/crash-workload.ts";

const datadir = mkdtempSync(join(tmpdir(), "wesql-crash-"));

afterAll(() => {
  rmSync(datadir, { recursive: true, force: true });
});

describe("SIGKILL crash safety", () => {
  it("keeps every acknowledged commit and never half-applies one (3 kills)", async () => {
    const reports = await runCrashCampaign({
      seed: 20261122,
      rounds: 3,
      clients: 4,
      minRunMs: 1000,
      maxRunMs: 2000,
      datadir,
    });
    expect(reports).toHaveLength(3);
    // The run must have done real work, or it proves nothing.
    expect(reports.reduce((sum, r) => sum + r.acknowledged, 0)).toBeGreaterThan(50);
  }, 120_000);
});
