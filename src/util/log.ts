/**
 * Structured logger: one JSON-ish line per event on stderr ("ts level msg key=value …"). The only
 * place that writes diagnostics. Values whose key looks secret are never printed.
 */

import { systemClock, type Clock } from "./clock.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const secretKeyPattern = /pass|secret|token|credential|auth_string/i;

export type LogFields = Readonly<Record<string, string | number | bigint | boolean | undefined>>;

export interface LogSink {
  write(line: string): void;
}

const stderrSink: LogSink = {
  write(line: string): void {
    process.stderr.write(line + "\n");
  },
};

export class Logger {
  constructor(
    private readonly minLevel: LogLevel = "info",
    private readonly sink: LogSink = stderrSink,
    private readonly clock: Clock = systemClock,
  ) {}

  debug(msg: string, fields?: LogFields): void {
    this.#log("debug", msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.#log("info", msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.#log("warn", msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.#log("error", msg, fields);
  }

  #log(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if (levelRank[level] < levelRank[this.minLevel]) return;
    let line = `${new Date(this.clock.nowMs()).toISOString()} ${level.toUpperCase()} ${msg}`;
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        const shown = secretKeyPattern.test(key) ? "<redacted>" : formatValue(value);
        line += ` ${key}=${shown}`;
      }
    }
    this.sink.write(line);
  }
}

function formatValue(value: string | number | bigint | boolean): string {
  if (typeof value !== "string") return String(value);
  return /[\s="]/.test(value) ? JSON.stringify(value) : value;
}
