/**
 * Transaction control: BEGIN, START TRANSACTION, COMMIT, ROLLBACK [TO SAVEPOINT], SAVEPOINT,
 * RELEASE SAVEPOINT, LOCK TABLES / UNLOCK TABLES, and the characteristics list shared with
 * SET TRANSACTION.
 */

import type {
  CommitStatement,
  IsolationLevel,
  RollbackStatement,
  Statement,
  TableLock,
} from "./ast.ts";
import type { ParserState, Writable } from "./parser-state.ts";
import { parseTableAlias } from "./table-reference-parser.ts";

export function parseTransactionStatement(state: ParserState): Statement {
  const word = state.next().upper;
  switch (word) {
    case "BEGIN":
      state.acceptKeyword("WORK");
      return { kind: "start-transaction", consistentSnapshot: false, span: state.statementSpan(),
        paramCount: 0 };
    case "START": return parseStartTransaction(state);
    case "COMMIT": return parseCommit(state);
    case "ROLLBACK": return parseRollback(state);
    case "SAVEPOINT":
      return { kind: "savepoint", name: state.identifier(), span: state.statementSpan(),
        paramCount: 0 };
    case "RELEASE":
      state.expectKeyword("SAVEPOINT");
      return { kind: "release-savepoint", name: state.identifier(), span: state.statementSpan(),
        paramCount: 0 };
    case "LOCK": return parseLockTables(state);
    default:
      if (!state.acceptKeyword("TABLES")) state.expectKeyword("TABLE");
      return { kind: "unlock-tables", span: state.statementSpan(), paramCount: 0 };
  }
}

function parseStartTransaction(state: ParserState): Statement {
  state.expectKeyword("TRANSACTION");
  let readOnly: boolean | undefined;
  let consistentSnapshot = false;
  if (!state.atStatementEnd()) {
    do {
      if (state.acceptKeyword("WITH")) {
        state.expectKeyword("CONSISTENT");
        state.expectKeyword("SNAPSHOT");
        consistentSnapshot = true;
      } else {
        state.expectKeyword("READ");
        readOnly = state.expectOneOf(["ONLY", "WRITE"]) === "ONLY";
      }
    } while (state.acceptSymbol(","));
  }
  const span = state.statementSpan();
  return readOnly === undefined
    ? { kind: "start-transaction", consistentSnapshot, span, paramCount: 0 }
    : { kind: "start-transaction", readOnly, consistentSnapshot, span, paramCount: 0 };
}

/** `[AND [NO] CHAIN] [[NO] RELEASE]` into `target`. */
function parseChainAndRelease(
  state: ParserState,
  target: { chain?: boolean; release?: boolean },
): void {
  if (state.acceptKeyword("AND")) {
    target.chain = !state.acceptKeyword("NO");
    state.expectKeyword("CHAIN");
  }
  if (state.acceptKeywordPair("NO", "RELEASE")) target.release = false;
  else if (state.acceptKeyword("RELEASE")) target.release = true;
}

function parseCommit(state: ParserState): CommitStatement {
  state.acceptKeyword("WORK");
  const commit: Writable<CommitStatement> = { kind: "commit", span: state.statementSpan(),
    paramCount: 0 };
  parseChainAndRelease(state, commit);
  commit.span = state.statementSpan();
  return commit;
}

function parseRollback(state: ParserState): RollbackStatement {
  state.acceptKeyword("WORK");
  const rollback: Writable<RollbackStatement> = { kind: "rollback", span: state.statementSpan(),
    paramCount: 0 };
  if (state.acceptKeyword("TO")) {
    state.acceptKeyword("SAVEPOINT");
    rollback.savepoint = state.identifier();
  } else {
    parseChainAndRelease(state, rollback);
  }
  rollback.span = state.statementSpan();
  return rollback;
}

function parseLockTables(state: ParserState): Statement {
  if (!state.acceptKeyword("TABLES")) state.expectKeyword("TABLE");
  const locks: TableLock[] = [];
  do {
    const table = state.tableName();
    const alias = parseTableAlias(state);
    let mode: TableLock["mode"];
    if (state.acceptKeyword("READ")) {
      mode = state.acceptKeyword("LOCAL") ? "read-local" : "read";
    } else if (state.acceptKeyword("LOW_PRIORITY")) {
      state.expectKeyword("WRITE");
      mode = "low-priority-write";
    } else {
      state.expectKeyword("WRITE");
      mode = "write";
    }
    locks.push(alias === undefined ? { table, mode } : { table, alias, mode });
  } while (state.acceptSymbol(","));
  return { kind: "lock-tables", locks, span: state.statementSpan(), paramCount: 0 };
}

/** `ISOLATION LEVEL … | READ ONLY | READ WRITE`, comma-separated (SET TRANSACTION). */
export function parseTransactionCharacteristics(
  state: ParserState,
): { isolationLevel?: IsolationLevel; readOnly?: boolean } {
  const result: { isolationLevel?: IsolationLevel; readOnly?: boolean } = {};
  do {
    if (state.acceptKeyword("ISOLATION")) {
      state.expectKeyword("LEVEL");
      result.isolationLevel = parseIsolationLevel(state);
    } else {
      state.expectKeyword("READ");
      result.readOnly = state.expectOneOf(["ONLY", "WRITE"]) === "ONLY";
    }
  } while (state.acceptSymbol(","));
  return result;
}

function parseIsolationLevel(state: ParserState): IsolationLevel {
  if (state.acceptKeyword("SERIALIZABLE")) return "serializable";
  if (state.acceptKeyword("REPEATABLE")) {
    state.expectKeyword("READ");
    return "repeatable-read";
  }
  state.expectKeyword("READ");
  return state.expectOneOf(["COMMITTED", "UNCOMMITTED"]) === "COMMITTED"
    ? "read-committed" : "read-uncommitted";
}
