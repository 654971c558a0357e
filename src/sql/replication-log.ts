/**
 * ReplicationLog: what the SQL layer needs to know about the server's binary log, as an
 * interface the SQL layer owns (the server adapts the binlog to it; sql never imports binlog/).
 * It backs SHOW BINARY LOGS, SHOW MASTER STATUS, SHOW BINLOG EVENTS, FLUSH [BINARY] LOGS and the
 * variables @@gtid_executed, @@log_bin and @@gtid_mode.
 *
 * Without one (the memory backend) the server behaves as MySQL with log_bin=OFF: SHOW BINARY
 * LOGS and SHOW BINLOG EVENTS fail with ER_NO_BINARY_LOGGING, SHOW MASTER STATUS is empty.
 *
 * Invariants an implementation keeps: positions are byte offsets within one file; `listFiles`
 * is in log order (oldest first) and its last entry is `masterStatus().file`; events returned by
 * `readEvents` are in file order with `position < endLogPosition`.
 */

/** One binary log file, as SHOW BINARY LOGS lists it. */
export interface ReplicationLogFile {
  readonly name: string;
  readonly sizeBytes: number;
}

/** The write position, as SHOW MASTER STATUS shows it. */
export interface ReplicationLogStatus {
  readonly file: string;
  readonly position: number;
  /** MySQL GTID set text, e.g. "uuid:1-5". */
  readonly executedGtidSet: string;
}

/** One event, as SHOW BINLOG EVENTS shows it. */
export interface ReplicationLogEvent {
  readonly logName: string;
  /** Byte offset of the event in its file. */
  readonly position: number;
  /** MySQL's name, e.g. "Format_desc", "Gtid", "Query", "Table_map", "Write_rows", "Xid". */
  readonly eventType: string;
  readonly serverId: number;
  /** Byte offset just after the event. */
  readonly endLogPosition: number;
  /** The Info column text. */
  readonly info: string;
}

export interface ReplicationLog {
  /** @@server_uuid. */
  readonly serverUuid: string;
  /** The path of the log files without their `.NNNNNN` suffix (@@log_bin_basename). */
  readonly basename?: string;
  /** @@gtid_executed: every GTID committed, as MySQL's set text ("" when none). */
  readonly gtidExecuted: string;
  listFiles(): readonly ReplicationLogFile[];
  masterStatus(): ReplicationLogStatus;
  /**
   * Events of `file` (undefined: the first file) starting at byte offset `from` (0 or 4: the
   * first event), skipping `skip` events, at most `limit` of them (undefined: all).
   */
  readEvents(
    file: string | undefined,
    from: number,
    skip: number,
    limit: number | undefined,
  ): Promise<readonly ReplicationLogEvent[]>;
  /** Closes the current file and starts the next (FLUSH BINARY LOGS). */
  rotate(): Promise<void>;
}
