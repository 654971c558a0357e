import { describe, expect, it } from "vitest";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import { WriteBatch } from "../engine/lsm/write-batch.ts";
import { SqlError } from "../sql/sql-error.ts";
import type { CommitRecord } from "../table/commit-pipeline.ts";
import { Logger } from "../util/log.ts";
import { RecordingKvStore } from "./binlog-test-support.ts";
import { type GroupLog, GroupCommitter } from "./group-committer.ts";

const quiet = new Logger("error", { write: () => undefined });
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

function ddl(statement: string): CommitRecord {
  return { kind: "ddl", database: "", statement };
}

function batchOf(key: string): WriteBatch {
  const batch = new WriteBatch();
  batch.put(text(key), text("v"));
  return batch;
}

/** A log whose writes wait until the test releases them; records each group's statements. */
class GatedLog implements GroupLog {
  readonly groups: string[][] = [];
  failNext = false;
  #offset = 100;
  #release: (() => void)[] = [];

  async writeGroup(records: readonly CommitRecord[]): Promise<readonly BinlogPosition[]> {
    this.groups.push(records.map((record) => (record.kind === "ddl" ? record.statement : "rows")));
    await new Promise<void>((resolve) => this.#release.push(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error("disk on fire");
    }
    return records.map(() => {
      this.#offset += 10;
      return { file: 1, offset: this.#offset };
    });
  }

  /** Lets the oldest waiting write finish; resolves after the committer reacted. */
  async releaseOne(): Promise<void> {
    const release = this.#release.shift();
    if (release === undefined) throw new Error("no write in flight");
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe("GroupCommitter", () => {
  it("writes everything queued behind an in-flight group as the next group, in order", async () => {
    const log = new GatedLog();
    const store = new RecordingKvStore();
    const committer = new GroupCommitter({ log, store, logger: quiet });
    const done = [committer.commit(ddl("t0"), batchOf("k0"))];
    for (let i = 1; i < 10; i++) done.push(committer.commit(ddl(`t${i}`), batchOf(`k${i}`)));
    expect(log.groups).toEqual([["t0"]]);
    await log.releaseOne();
    expect(log.groups[1]).toEqual(["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"]);
    expect(store.writes.length).toBe(1);
    await log.releaseOne();
    await Promise.all(done);
    expect(store.writes.map((write) => write.keys[0])).toEqual(
      Array.from({ length: 10 }, (_, i) => `k${i}`),
    );
    expect(store.writes.map((write) => write.logEnd?.offset)).toEqual(
      Array.from({ length: 10 }, (_, i) => 110 + 10 * i),
    );
    expect(committer.stats()).toEqual({ groups: 2, transactions: 10 });
    expect(store.capacityWaits).toBe(2);
    await committer.idle();
  });

  it("caps a group at groupTransactionsMax", async () => {
    const log = new GatedLog();
    const committer = new GroupCommitter({
      log,
      store: new RecordingKvStore(),
      logger: quiet,
      groupTransactionsMax: 3,
    });
    const done = Array.from({ length: 7 }, (_, i) => committer.commit(ddl(`t${i}`), batchOf("k")));
    for (let i = 0; i < 3; i++) await log.releaseOne();
    await Promise.all(done);
    expect(log.groups.map((group) => group.length)).toEqual([1, 3, 3]);
  });

  it("fails the whole group on a log error, then fails fast; nothing is applied", async () => {
    const log = new GatedLog();
    const store = new RecordingKvStore();
    const committer = new GroupCommitter({ log, store, logger: quiet });
    const first = committer.commit(ddl("a"), batchOf("a"));
    await log.releaseOne();
    await first;
    log.failNext = true;
    const second = committer.commit(ddl("b"), batchOf("b"));
    const third = committer.commit(ddl("c"), batchOf("c"));
    const results = Promise.allSettled([second, third]);
    await log.releaseOne();
    const settled = await results;
    expect(settled.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(committer.failure).toBeInstanceOf(SqlError);
    expect(committer.failure?.code).toBe(1598);
    await expect(committer.commit(ddl("d"), batchOf("d"))).rejects.toBe(committer.failure);
    expect(store.writes.map((write) => write.keys[0])).toEqual(["a"]);
    expect(log.groups).toEqual([["a"], ["b"]]);
  });
});
