/**
 * GroupCommitter: the binlog's group commit (MySQL's ordered commit, reduced to one stage per
 * step). Committing transactions queue; whoever finds no group in flight becomes the leader and
 * runs the loop: take every waiting transaction (up to binlogGroupCommitTransactionsMax), hand
 * their records to the log in one `writeGroup` (one append, one fsync), then apply each batch to
 * the KvStore in log order with its log end position, then resolve them all. While a group is
 * being written and synced the next one queues, so under load each fsync covers many commits.
 *
 * Invariants:
 * - At most one `writeGroup` is in flight, so there are never two fsyncs of the log at once and
 *   batches are applied in exactly the order their groups were logged.
 * - A batch is applied only after its group is durable, and a commit resolves only after its
 *   batch is applied (the CommitPipeline contract).
 * - A log failure fails every transaction of that group and puts the committer in the failed
 *   state: every later commit fails fast with the same error, as nothing after a hole in the log
 *   may be acknowledged. What to do next (MySQL's binlog_error_action=ABORT_SERVER) is the
 *   owner's decision; `failure` exposes the state.
 *
 * Concurrency: single JS thread; the queue and the flags change only between awaits.
 */

import { binlogGroupCommitTransactionsMax } from "../constants.ts";
import type { BinlogPosition } from "../engine/lsm/manifest.ts";
import type { KvStore } from "../engine/kv-store.ts";
import type { WriteBatch } from "../engine/lsm/write-batch.ts";
import { sqlError, SqlError } from "../sql/sql-error.ts";
import type { CommitRecord } from "../table/commit-pipeline.ts";
import { AssertionError, assert } from "../util/assert.ts";
import { DbError } from "../util/errors.ts";
import type { Logger } from "../util/log.ts";
import { ER_BINLOG_LOGGING_IMPOSSIBLE, ER_ERROR_DURING_COMMIT } from "../util/mysql-errors.ts";

/**
 * What the log did with one record: its log end position, or the typed error that kept it out
 * of the log (it could not be encoded; nothing of it was written).
 */
export type GroupLogResult = BinlogPosition | DbError;

/** The log side of group commit: Binlog implements it over its current file. */
export interface GroupLog {
  /**
   * Logs `records` as consecutive event groups in one write and makes them durable (per the
   * configured durability). Returns one result per record, in order. A rejection means the log
   * can no longer be trusted to be complete.
   */
  writeGroup(records: readonly CommitRecord[]): Promise<readonly GroupLogResult[]>;
}

interface PendingCommit {
  readonly record: CommitRecord;
  readonly batch: WriteBatch;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommitStats {
  readonly groups: number;
  readonly transactions: number;
}

export class GroupCommitter {
  readonly #log: GroupLog;
  readonly #store: KvStore;
  readonly #logger: Logger;
  readonly #groupTransactionsMax: number;
  #queue: PendingCommit[] = [];
  #running = false;
  #failure: SqlError | undefined;
  #idleWaiters: (() => void)[] = [];
  #groups = 0;
  #transactions = 0;

  constructor(options: {
    readonly log: GroupLog;
    readonly store: KvStore;
    readonly logger: Logger;
    readonly groupTransactionsMax?: number;
  }) {
    this.#log = options.log;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#groupTransactionsMax = options.groupTransactionsMax ?? binlogGroupCommitTransactionsMax;
    assert(this.#groupTransactionsMax >= 1, "group commit: groupTransactionsMax must be >= 1");
  }

  /** The error that failed the log, once it has failed; undefined while healthy. */
  get failure(): SqlError | undefined {
    return this.#failure;
  }

  /** Groups written and transactions committed so far. */
  stats(): GroupCommitStats {
    return { groups: this.#groups, transactions: this.#transactions };
  }

  /** Queues `record` for the next group; see the file header. Rejects with SqlError. */
  commit(record: CommitRecord, batch: WriteBatch): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ record, batch, resolve, reject });
      if (!this.#running) void this.#lead();
    });
  }

  /** Marks the log failed (for example by a failed rotation); later commits fail fast. */
  fail(reason: string): SqlError {
    this.#failure ??= sqlError(ER_BINLOG_LOGGING_IMPOSSIBLE, reason);
    return this.#failure;
  }

  /** Resolves once no commit is queued or in flight. */
  idle(): Promise<void> {
    if (!this.#running && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** The leader loop: one group per iteration until the queue is empty. */
  async #lead(): Promise<void> {
    assert(!this.#running, "group commit: two leaders");
    this.#running = true;
    try {
      while (this.#queue.length > 0 && this.#failure === undefined) {
        const group = this.#queue.splice(0, this.#groupTransactionsMax);
        await this.#commitGroup(group);
      }
      // A failure leaves waiters behind that arrived while the failed group was in flight.
      for (const pending of this.#queue.splice(0)) pending.reject(this.#failure);
    } finally {
      this.#running = false;
      for (const waiter of this.#idleWaiters.splice(0)) waiter();
    }
  }

  async #commitGroup(group: readonly PendingCommit[]): Promise<void> {
    // Checked while nothing of the group is logged: a store that cannot take writes for a long
    // while (an object-store outage past lsmStoreOutageStallMsMax) fails these commits cleanly
    // instead of logging transactions that would then wait for it without bound.
    const refusal = this.#store.writeRefusal?.();
    if (refusal !== undefined) {
      const { code, sqlState } = ER_ERROR_DURING_COMMIT;
      this.#logger.warn("commits refused", { transactions: group.length, error: refusal.message });
      for (const pending of group) pending.reject(new SqlError(code, sqlState, refusal.message));
      return;
    }
    let ends: readonly GroupLogResult[];
    try {
      ends = await this.#log.writeGroup(group.map((pending) => pending.record));
      assert(ends.length === group.length, "group commit: one log result per record");
      await this.#store.waitForWriteCapacity();
    } catch (error) {
      const failure = this.fail(describe(error));
      this.#logger.error("binlog write failed; binary logging stopped", {
        transactions: group.length,
        error: describe(error),
      });
      for (const pending of group) pending.reject(failure);
      if (error instanceof AssertionError) throw error;
      return;
    }
    this.#groups += 1;
    let settled = 0;
    let committed = 0;
    try {
      for (const [index, pending] of group.entries()) {
        const end = ends[index];
        assert(end !== undefined, "group commit: missing log end");
        if (end instanceof DbError) {
          // Not logged, so not applied: only this transaction fails.
          pending.reject(end);
        } else {
          if (pending.batch.count > 0) this.#store.write(pending.batch, end);
          committed += 1;
          pending.resolve();
        }
        settled += 1;
      }
    } catch (error) {
      // The log holds these transactions but the store refused them: nothing later may be
      // acknowledged, and recovery replays them from the log.
      const failure = this.fail(`store write failed: ${describe(error)}`);
      this.#logger.error("store write after binlog failed", { error: describe(error) });
      for (const pending of group.slice(settled)) pending.reject(failure);
      if (error instanceof AssertionError) throw error;
    } finally {
      this.#transactions += committed;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
