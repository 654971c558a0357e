/**
 * Accounts and privileges, basic forms: CREATE / ALTER / DROP USER, GRANT and REVOKE of
 * privilege lists on `*.*`, `db.*`, `db.t`, `t`. A user is `'u'@'h'`, `u@h`, `'u'` (host "%")
 * or CURRENT_USER[()]; the lexer reads `@'h'` as a user-variable token, whose text is the host.
 */

import type {
  AlterUserStatement,
  CreateUserStatement,
  DropUserStatement,
  GrantStatement,
  GrantTarget,
  Privilege,
  RevokeStatement,
  UserName,
  UserSpecification,
} from "./ast.ts";
import { parseIfExists, parseIfNotExists } from "./create-table-parser.ts";
import type { ParserState, Writable } from "./parser-state.ts";
import { TokenKind } from "./token.ts";

export function parseUserName(state: ParserState): UserName {
  if (state.acceptKeyword("CURRENT_USER")) {
    if (state.acceptSymbol("(")) state.expectSymbol(")");
    return { user: "", host: "", currentUser: true };
  }
  if (state.isKeyword("USER") && state.isSymbol("(", 1)) {
    state.next();
    state.next();
    state.expectSymbol(")");
    return { user: "", host: "", currentUser: true };
  }
  const token = state.next();
  const kind = token.kind;
  if (kind !== TokenKind.String && kind !== TokenKind.Word && kind !== TokenKind.QuotedIdentifier) {
    throw state.error(token);
  }
  const hostToken = state.peek();
  if (hostToken.kind !== TokenKind.UserVariable) return { user: token.text, host: "%" };
  state.next();
  return { user: token.text, host: hostToken.text };
}

function parseUserSpecification(state: ParserState): UserSpecification {
  const user = parseUserName(state);
  if (!state.acceptKeyword("IDENTIFIED")) return { user };
  const specification: Writable<UserSpecification> = { user };
  if (state.acceptKeyword("WITH")) specification.plugin = state.nameOrString();
  if (state.acceptKeyword("BY")) {
    specification.password = state.stringLiteral();
  } else if (state.acceptKeyword("AS")) {
    state.stringLiteral();
  } else if (specification.plugin === undefined) {
    throw state.error();
  }
  return specification;
}

function parseUserSpecifications(state: ParserState): UserSpecification[] {
  const users = [parseUserSpecification(state)];
  while (state.acceptSymbol(",")) users.push(parseUserSpecification(state));
  return users;
}

/** Trailing account options we accept and ignore (REQUIRE, ACCOUNT, PASSWORD EXPIRE, …). */
function skipAccountOptions(state: ParserState): void {
  for (;;) {
    if (state.acceptKeyword("REQUIRE")) {
      state.expectOneOf(["NONE", "SSL", "X509"]);
    } else if (state.acceptKeyword("ACCOUNT")) {
      state.expectOneOf(["LOCK", "UNLOCK"]);
    } else if (state.acceptKeywords("PASSWORD", "EXPIRE")) {
      if (state.acceptKeyword("INTERVAL")) {
        state.integer();
        state.expectKeyword("DAY");
      } else {
        state.acceptOneOf(["DEFAULT", "NEVER"]);
      }
    } else if (state.acceptKeyword("COMMENT") || state.acceptKeyword("ATTRIBUTE")) {
      state.stringLiteral();
    } else {
      return;
    }
  }
}

export function parseCreateUser(state: ParserState): CreateUserStatement {
  state.expectKeyword("USER");
  const ifNotExists = parseIfNotExists(state);
  const users = parseUserSpecifications(state);
  skipAccountOptions(state);
  return { kind: "create-user", ifNotExists, users, span: state.statementSpan(), paramCount: 0 };
}

export function parseAlterUser(state: ParserState): AlterUserStatement {
  state.expectKeyword("USER");
  const ifExists = parseIfExists(state);
  const users = parseUserSpecifications(state);
  skipAccountOptions(state);
  return { kind: "alter-user", ifExists, users, span: state.statementSpan(), paramCount: 0 };
}

export function parseDropUser(state: ParserState): DropUserStatement {
  state.expectKeyword("USER");
  const ifExists = parseIfExists(state);
  const users = [parseUserName(state)];
  while (state.acceptSymbol(",")) users.push(parseUserName(state));
  return { kind: "drop-user", ifExists, users, span: state.statementSpan(), paramCount: 0 };
}

export function parseGrant(state: ParserState): GrantStatement {
  state.expectKeyword("GRANT");
  const privileges = parsePrivileges(state);
  state.expectKeyword("ON");
  const on = parseGrantTarget(state);
  state.expectKeyword("TO");
  const to = parseUserSpecifications(state);
  const withGrantOption = state.acceptKeyword("WITH");
  if (withGrantOption) {
    state.expectKeyword("GRANT");
    state.expectKeyword("OPTION");
  }
  return { kind: "grant", privileges, on, to, withGrantOption, span: state.statementSpan(),
    paramCount: 0 };
}

export function parseRevoke(state: ParserState): RevokeStatement {
  state.expectKeyword("REVOKE");
  const privileges = parsePrivileges(state);
  state.expectKeyword("ON");
  const on = parseGrantTarget(state);
  state.expectKeyword("FROM");
  const from = [parseUserName(state)];
  while (state.acceptSymbol(",")) from.push(parseUserName(state));
  return { kind: "revoke", privileges, on, from, span: state.statementSpan(), paramCount: 0 };
}

/** `priv [(cols)], …` where a privilege is one or more words (CREATE TEMPORARY TABLES). */
function parsePrivileges(state: ParserState): Privilege[] {
  const privileges: Privilege[] = [];
  do {
    const words: string[] = [];
    for (;;) {
      const token = state.peek();
      if (token.kind !== TokenKind.Word || token.upper === "ON") break;
      words.push(token.upper);
      state.next();
    }
    if (words.length === 0) throw state.error();
    const name = words.join(" ") === "ALL PRIVILEGES" ? "ALL" : words.join(" ");
    if (state.isSymbol("(")) privileges.push({ name, columns: state.identifierList() });
    else privileges.push({ name });
  } while (state.acceptSymbol(","));
  return privileges;
}

/** `[TABLE|FUNCTION|PROCEDURE] *.* | db.* | db.t | t | *`. */
function parseGrantTarget(state: ParserState): GrantTarget {
  const typeWord = state.acceptOneOf(["TABLE", "FUNCTION", "PROCEDURE"]);
  const objectType = typeWord === undefined ? undefined
    : typeWord === "TABLE" ? "table" : typeWord === "FUNCTION" ? "function" : "procedure";
  const first = parseGrantName(state);
  let target: GrantTarget = { table: first };
  if (state.acceptSymbol(".")) target = { database: first, table: parseGrantName(state) };
  return objectType === undefined ? target : { ...target, objectType };
}

function parseGrantName(state: ParserState): string {
  if (state.acceptSymbol("*")) return "*";
  return state.identifier().name;
}
