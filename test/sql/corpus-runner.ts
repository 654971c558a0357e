/**
 * The SQL corpus format and runner: `test/sql/*.sql` files are scripts of statements with
 * their expected results, run against SqlEngine + MemoryCatalog (one fresh engine per file,
 * with database `test` created and selected for every session).
 *
 * Format (one entry per block, blocks separated by blank lines):
 *   `-- text`            comment
 *   `@session NAME`      switch to session NAME (opened on first use; the first is `main`)
 *   `> SQL`              run a statement in the current session (continuation lines: `>> SQL`)
 *   `>& SQL`             start a statement without waiting for it (lock waits)
 *   `<< name`            wait for session `name`'s pending statement, then check its result
 *   expected lines after a statement or `<<`:
 *     `ok [affected] [id=N] [warnings=N] [info=TEXT]`  an OK result (only given fields checked)
 *     `error CODE [MESSAGE]`                           an error (message checked when given)
 *     otherwise: a header line of column names joined by " | ", then one line per row
 *     (values as the text protocol renders them, NULL for null, bytes as 0xHEX; a row line
 *     that would be empty is written `(empty)`).
 *   A statement with no expected lines only has to succeed.
 */

import { SqlEngine } from "../../src/sql/sql-engine.ts";
import { MemoryCatalog } from "../../src/sql/memory/memory-catalog.ts";
import type { Catalog } from "../../src/sql/catalog/catalog.ts";
import type { Session } from "../../src/sql/session.ts";
import type { StatementResult } from "../../src/sql/statement-result.ts";
import { renderValueText } from "../../src/sql/types/render-value.ts";
import type { Clock } from "../../src/util/clock.ts";

interface Step {
  readonly line: number;
  readonly kind: "session" | "run" | "start" | "wait";
  readonly text: string;
  readonly expected: readonly string[];
}

const sessionLine = /^@session \S+$/;

export function parseCorpus(source: string): Step[] {
  const lines = source.split("\n");
  const steps: Step[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const number = index + 1;
    index++;
    if (line.trim() === "" || line.startsWith("--")) continue;
    if (sessionLine.test(line)) {
      steps.push({ line: number, kind: "session", text: line.slice("@session ".length).trim(), expected: [] });
      continue;
    }
    let kind: Step["kind"];
    let text: string;
    if (line.startsWith(">& ")) [kind, text] = ["start", line.slice(3)];
    else if (line.startsWith("> ")) [kind, text] = ["run", line.slice(2)];
    else if (line.startsWith("<< ")) [kind, text] = ["wait", line.slice(3).trim()];
    else throw new Error(`corpus line ${number}: cannot parse '${line}'`);
    while (index < lines.length && lines[index]!.startsWith(">> ")) text += `\n${lines[index++]!.slice(3)}`;
    const expected: string[] = [];
    while (index < lines.length && lines[index]!.trim() !== "" && !/^(> |>& |<< )/.test(lines[index]!) && !sessionLine.test(lines[index]!)) {
      const next = lines[index++]!;
      if (!next.startsWith("--")) expected.push(next);
    }
    steps.push({ line: number, kind, text, expected });
  }
  return steps;
}

export function renderResult(result: StatementResult): string[] {
  switch (result.kind) {
    case "error":
      return [`error ${result.error.code} ${result.error.message}`];
    case "ok": {
      const parts = [`ok ${result.affectedRows}`, `id=${result.lastInsertId}`, `warnings=${result.warningCount}`];
      if (result.info !== "") parts.push(`info=${result.info}`);
      return [parts.join(" ")];
    }
    case "rows":
      return [
        result.columns.map((column) => column.name).join(" | "),
        ...result.rows.map((row) =>
          row
            .map((value, position) => {
              const text = renderValueText(value, result.columns[position]!.type);
              if (text === null) return "NULL";
              if (text instanceof Uint8Array) return `0x${Buffer.from(text).toString("hex").toUpperCase()}`;
              return text;
            })
            .join(" | "),
        ).map((line) => (line === "" ? "(empty)" : line)),
      ];
  }
}

/** Returns a description of the mismatch, or undefined when `actual` satisfies `expected`. */
export function compareResult(expected: readonly string[], result: StatementResult): string | undefined {
  const actual = renderResult(result);
  if (expected.length === 0) {
    return result.kind === "error" ? `unexpected ${actual[0]}` : undefined;
  }
  const first = expected[0]!;
  if (first.startsWith("ok")) {
    if (result.kind !== "ok") return `expected ${first}, got ${actual.join("\n")}`;
    const fields = first.split(/\s+(?=\S+=|\d+$)/).slice(1);
    const [affected, ...named] = /^\d+$/.test(fields[0] ?? "") ? fields : [undefined, ...fields];
    if (affected !== undefined && Number(affected) !== result.affectedRows) return `expected ${first}, got ${actual[0]}`;
    for (const field of named) {
      if (field === undefined) continue;
      if (!actual[0]!.includes(field)) return `expected ${first}, got ${actual[0]}`;
    }
    return undefined;
  }
  if (first.startsWith("error")) {
    if (result.kind !== "error") return `expected ${first}, got ${actual.join("\n")}`;
    return actual[0]!.startsWith(first) ? undefined : `expected ${first}, got ${actual[0]}`;
  }
  // Values may span lines (SHOW CREATE TABLE), so compare the text as a whole.
  const same = expected.join("\n") === actual.join("\n");
  return same ? undefined : `expected:\n${expected.join("\n")}\ngot:\n${actual.join("\n")}`;
}

/**
 * A clock whose wall time stands still (NOW(), Create_time and processlist times are
 * deterministic) while monotonic time and timers are real (lock wait timeouts still fire).
 */
export function fixedWallClock(base: Clock, wallMs: number): Clock {
  return {
    nowMs: () => wallMs,
    monotonicMs: () => base.monotonicMs(),
    setTimer: (delayMs, callback) => base.setTimer(delayMs, callback),
    sleep: (delayMs) => base.sleep(delayMs),
  };
}

/** `makeCatalog` picks the storage backend (default: a fresh MemoryCatalog). */
export async function runCorpus(
  source: string,
  clock: Clock,
  makeCatalog: (clock: Clock) => Promise<Catalog> = async (c) => new MemoryCatalog({ clock: c }),
): Promise<string[]> {
  const catalog = await makeCatalog(clock);
  const engine = new SqlEngine({ catalog, clock });
  const setup = engine.openSession({ connectionId: 1000, user: "root", host: "localhost", database: undefined, collationId: 255 });
  await engine.query(setup, "CREATE DATABASE test", false);
  const sessions = new Map<string, Session>();
  const pending = new Map<string, Promise<StatementResult[]>>();
  let current = "main";
  const sessionFor = (name: string): Session => {
    let session = sessions.get(name);
    if (session === undefined) {
      session = engine.openSession({ connectionId: sessions.size + 1, user: "root", host: "localhost", database: "test", collationId: 255 });
      sessions.set(name, session);
    }
    return session;
  };
  const failures: string[] = [];
  for (const step of parseCorpus(source)) {
    if (step.kind === "session") {
      current = step.text;
      sessionFor(current);
      continue;
    }
    if (step.kind === "start") {
      pending.set(current, engine.query(sessionFor(current), step.text, true));
      continue;
    }
    const results =
      step.kind === "wait" ? await (pending.get(step.text) ?? Promise.resolve([])) : await engine.query(sessionFor(current), step.text, true);
    if (step.kind === "wait") pending.delete(step.text);
    const last = results[results.length - 1];
    if (last === undefined) {
      failures.push(`line ${step.line}: no result for '${step.text}'`);
      continue;
    }
    const problem = compareResult(step.expected, last);
    if (problem !== undefined) failures.push(`line ${step.line}: ${step.text}\n${problem}`);
  }
  for (const session of sessions.values()) await engine.closeSession(session);
  return failures;
}
