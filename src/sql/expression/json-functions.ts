/**
 * JSON functions over JSON text: JSON_VALID, JSON_TYPE, JSON_EXTRACT, JSON_UNQUOTE, JSON_QUOTE,
 * JSON_LENGTH, JSON_DEPTH, JSON_KEYS, JSON_CONTAINS, JSON_CONTAINS_PATH, JSON_ARRAY, JSON_OBJECT,
 * and the modifiers JSON_SET / JSON_INSERT / JSON_REPLACE / JSON_ARRAY_APPEND / JSON_REMOVE
 * (paths without wildcards: 3149; removing `$` is 3153).
 *
 * Documents are parsed with JSON.parse and written back in MySQL's normalised form: ", " and
 * ": " separators, object keys sorted by length and then by their bytes (MySQL's order).
 * Paths: `$`, `.key`, `."quoted key"`, `[n]`, `[*]`, `.*` (wildcards make JSON_EXTRACT return
 * an array of the matches). An invalid document is error 3141, an invalid path 3143, as MySQL.
 * Known limit: numbers go through JavaScript doubles, so integers beyond 2^53 lose precision.
 */

import {
  ER_INVALID_JSON_PATH,
  ER_INVALID_JSON_PATH_WILDCARD,
  ER_INVALID_JSON_TEXT_IN_PARAM,
  ER_JSON_VACUOUS_PATH,
} from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import { bytesToText, toText } from "../types/coercion.ts";
import type { SqlValue } from "../types/value.ts";
import { bigintType, textType, valueClassOf, type CompiledExpression } from "./compiled-expression.ts";
import { define, scalar, variadic, type FunctionDefinition } from "./function-helpers.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const jsonType = { kind: "json" } as const;

function textOf(value: SqlValue): string {
  return value instanceof Uint8Array ? bytesToText(value) : (toText(value) ?? "");
}

function parseDocument(value: SqlValue, argument: number, name: string): Json {
  const text = textOf(value);
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw sqlError(ER_INVALID_JSON_TEXT_IN_PARAM, argument, name, "Invalid value.", 0, "");
  }
}

/** MySQL's key order: shorter keys first, then by UTF-8 bytes. */
function compareKeys(a: string, b: string): number {
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  return ab.length - bb.length || Buffer.compare(ab, bb);
}

export function serializeJson(value: Json): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(serializeJson).join(", ")}]`;
  const keys = Object.keys(value).sort(compareKeys);
  return `{${keys.map((key) => `${JSON.stringify(key)}: ${serializeJson(value[key]!)}`).join(", ")}}`;
}

type PathLeg = { kind: "key"; key: string } | { kind: "index"; index: number } | { kind: "any-key" } | { kind: "any-index" };

function parsePath(value: SqlValue, name: string): PathLeg[] {
  const text = textOf(value).trim();
  let at = 0;
  const invalid = () => sqlError(ER_INVALID_JSON_PATH, at, name);
  if (!text.startsWith("$")) throw invalid();
  const legs: PathLeg[] = [];
  at = 1;
  while (at < text.length) {
    const ch = text[at]!;
    if (ch === " ") {
      at++;
    } else if (ch === ".") {
      at++;
      if (text[at] === "*") {
        legs.push({ kind: "any-key" });
        at++;
      } else if (text[at] === '"') {
        const end = text.indexOf('"', at + 1);
        if (end < 0) throw invalid();
        legs.push({ kind: "key", key: text.slice(at + 1, end) });
        at = end + 1;
      } else {
        const match = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(at));
        if (match === null) throw invalid();
        legs.push({ kind: "key", key: match[0] });
        at += match[0].length;
      }
    } else if (ch === "[") {
      const end = text.indexOf("]", at);
      if (end < 0) throw invalid();
      const inside = text.slice(at + 1, end).trim();
      if (inside === "*") legs.push({ kind: "any-index" });
      else if (/^\d+$/.test(inside)) legs.push({ kind: "index", index: Number(inside) });
      else throw invalid();
      at = end + 1;
    } else {
      throw invalid();
    }
  }
  return legs;
}

function hasWildcard(path: readonly PathLeg[]): boolean {
  return path.some((leg) => leg.kind === "any-key" || leg.kind === "any-index");
}

/** Every value `path` reaches in `doc`, in document order. */
function evaluatePath(doc: Json, path: readonly PathLeg[]): Json[] {
  let current: Json[] = [doc];
  for (const leg of path) {
    const next: Json[] = [];
    for (const value of current) {
      if (leg.kind === "key" || leg.kind === "any-key") {
        if (value === null || typeof value !== "object" || Array.isArray(value)) continue;
        if (leg.kind === "key") {
          if (Object.hasOwn(value, leg.key)) next.push(value[leg.key]!);
        } else {
          for (const key of Object.keys(value).sort(compareKeys)) next.push(value[key]!);
        }
      } else if (Array.isArray(value)) {
        if (leg.kind === "index") {
          if (leg.index < value.length) next.push(value[leg.index]!);
        } else {
          next.push(...value);
        }
      } else if (leg.kind === "index" && leg.index === 0) {
        // MySQL treats a scalar as a one-element array for [0].
        next.push(value);
      }
    }
    current = next;
  }
  return current;
}

function typeName(value: Json): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return "BOOLEAN";
  if (typeof value === "number") return Number.isInteger(value) ? "INTEGER" : "DOUBLE";
  if (typeof value === "string") return "STRING";
  return Array.isArray(value) ? "ARRAY" : "OBJECT";
}

function depth(value: Json): number {
  if (value === null || typeof value !== "object") return 1;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.length === 0 ? 1 : 1 + Math.max(...children.map(depth));
}

function sameJson(a: Json, b: Json): boolean {
  return serializeJson(a) === serializeJson(b);
}

/** MySQL's JSON_CONTAINS: a candidate scalar is in an array if any element contains it, etc. */
function contains(target: Json, candidate: Json): boolean {
  if (Array.isArray(target)) {
    if (Array.isArray(candidate)) return candidate.every((item) => contains(target, item));
    return target.some((item) => contains(item, candidate));
  }
  if (target !== null && typeof target === "object") {
    if (candidate === null || typeof candidate !== "object" || Array.isArray(candidate)) return false;
    return Object.keys(candidate).every((key) => Object.hasOwn(target, key) && contains(target[key]!, candidate[key]!));
  }
  return sameJson(target, candidate);
}

/** How an argument's SQL type maps into JSON: JSON text as is, TRUE/FALSE as booleans. */
type JsonArgument = "json" | "boolean" | "number" | "plain";

function argumentKind(type: CompiledExpression["type"]): JsonArgument {
  if (type.kind === "json") return "json";
  if (type.boolean === true) return "boolean";
  const valueClass = valueClassOf(type);
  return valueClass === "integer" || valueClass === "decimal" || valueClass === "double" ? "number" : "plain";
}

/** A SQL value as a JSON value (strings become JSON strings, numbers numbers, JSON stays). */
function toJson(value: SqlValue, kind: JsonArgument): Json {
  if (value === null) return null;
  if (kind === "json") return JSON.parse(textOf(value)) as Json;
  if (kind === "boolean") return Number(value) !== 0;
  if (kind === "number") return Number(value);
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  return textOf(value);
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text;
    }
  }
  return text;
}

type Modification = "set" | "insert" | "replace" | "append";

/**
 * The container a non-wildcard path's last leg addresses, and that leg; undefined when a leg
 * before it does not exist (MySQL then leaves the document unchanged for that path).
 */
function parentOf(doc: Json, path: readonly PathLeg[]): { parent: Json; leg: PathLeg } | undefined {
  let parent = doc;
  for (const leg of path.slice(0, -1)) {
    const next = evaluatePath(parent, [leg]);
    if (next.length === 0) return undefined;
    parent = next[0]!;
  }
  const leg = path[path.length - 1]!;
  return { parent, leg };
}

/** JSON_SET / JSON_INSERT / JSON_REPLACE / JSON_ARRAY_APPEND of one (path, value) pair. */
function modify(doc: Json, path: readonly PathLeg[], value: Json, how: Modification): Json {
  if (hasWildcard(path)) throw sqlError(ER_INVALID_JSON_PATH_WILDCARD);
  if (path.length === 0) {
    if (how === "append") return Array.isArray(doc) ? [...doc, value] : [doc, value];
    return how === "insert" ? doc : value;
  }
  const found = parentOf(doc, path);
  if (found === undefined) return doc;
  const { parent, leg } = found;
  if (how === "append") {
    const target = evaluatePath(parent, [leg])[0];
    if (target === undefined) return doc;
    const appended: Json = Array.isArray(target) ? [...target, value] : [target, value];
    return modify(doc, path, appended, "replace");
  }
  if (leg.kind === "key" && parent !== null && typeof parent === "object" && !Array.isArray(parent)) {
    const exists = Object.hasOwn(parent, leg.key);
    if ((exists && how !== "insert") || (!exists && how !== "replace")) parent[leg.key] = value;
  } else if (leg.kind === "index") {
    if (Array.isArray(parent)) {
      const exists = leg.index < parent.length;
      if (exists && how !== "insert") parent[leg.index] = value;
      else if (!exists && how !== "replace") parent.push(value);
    } else if (leg.index === 0 && how !== "insert") {
      // A scalar is its own element 0.
      return path.length === 1 ? value : doc;
    }
  }
  return doc;
}

function modifier(how: Modification, name: string): FunctionDefinition {
  return define(3, variadic, (args) => scalar(args, jsonType, (values) => {
    if (values[0] === null) return null;
    let doc = parseDocument(values[0] ?? null, 1, name);
    for (let i = 1; i + 1 < values.length; i += 2) {
      if (values[i] === null) return null;
      const path = parsePath(values[i] ?? null, name);
      doc = modify(doc, path, toJson(values[i + 1] ?? null, argumentKind(args[i + 1]!.type)), how);
    }
    return serializeJson(doc);
  }, { nullPropagating: false }));
}

function removePath(doc: Json, path: readonly PathLeg[]): Json {
  if (hasWildcard(path)) throw sqlError(ER_INVALID_JSON_PATH_WILDCARD);
  const found = parentOf(doc, path);
  if (found === undefined) return doc;
  const { parent, leg } = found;
  if (leg.kind === "key" && parent !== null && typeof parent === "object" && !Array.isArray(parent)) {
    delete parent[leg.key];
  } else if (leg.kind === "index" && Array.isArray(parent) && leg.index < parent.length) {
    parent.splice(leg.index, 1);
  }
  return doc;
}

export function jsonFunctions(): ReadonlyMap<string, FunctionDefinition> {
  return new Map<string, FunctionDefinition>([
    ["JSON_VALID", define(1, 1, (args) => scalar(args, bigintType, ([value]) => {
      try {
        JSON.parse(textOf(value ?? null));
        return 1;
      } catch {
        return 0;
      }
    }))],
    ["JSON_TYPE", define(1, 1, (args, env) => scalar(args, textType(env.collationConnection, 64), ([value]) =>
      typeName(parseDocument(value ?? null, 1, "json_type"))))],
    ["JSON_EXTRACT", define(2, variadic, (args) => scalar(args, jsonType, (values) => {
      const doc = parseDocument(values[0] ?? null, 1, "json_extract");
      const paths = values.slice(1).map((path) => parsePath(path, "json_extract"));
      const found = paths.flatMap((path) => evaluatePath(doc, path));
      if (found.length === 0) return null;
      const wrap = paths.length > 1 || paths.some(hasWildcard);
      return serializeJson(wrap ? found : found[0]!);
    }))],
    ["JSON_UNQUOTE", define(1, 1, (args, env) => scalar(args, textType(env.collationConnection, 65535), ([value]) =>
      unquote(textOf(value ?? null))))],
    ["JSON_QUOTE", define(1, 1, (args, env) => scalar(args, textType(env.collationConnection, 65535), ([value]) =>
      JSON.stringify(textOf(value ?? null))))],
    ["JSON_LENGTH", define(1, 2, (args) => scalar(args, bigintType, (values) => {
      let doc = parseDocument(values[0] ?? null, 1, "json_length");
      if (values.length > 1) {
        const found = evaluatePath(doc, parsePath(values[1] ?? null, "json_length"));
        if (found.length === 0) return null;
        doc = found[0]!;
      }
      if (doc === null || typeof doc !== "object") return 1;
      return Array.isArray(doc) ? doc.length : Object.keys(doc).length;
    }))],
    ["JSON_DEPTH", define(1, 1, (args) => scalar(args, bigintType, ([value]) => depth(parseDocument(value ?? null, 1, "json_depth"))))],
    ["JSON_KEYS", define(1, 2, (args) => scalar(args, jsonType, (values) => {
      let doc = parseDocument(values[0] ?? null, 1, "json_keys");
      if (values.length > 1) doc = evaluatePath(doc, parsePath(values[1] ?? null, "json_keys"))[0] ?? null;
      if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return null;
      return serializeJson(Object.keys(doc).sort(compareKeys));
    }))],
    ["JSON_CONTAINS", define(2, 3, (args) => scalar(args, bigintType, (values) => {
      let target = parseDocument(values[0] ?? null, 1, "json_contains");
      const candidate = parseDocument(values[1] ?? null, 2, "json_contains");
      if (values.length > 2) {
        const found = evaluatePath(target, parsePath(values[2] ?? null, "json_contains"));
        if (found.length === 0) return null;
        target = found[0]!;
      }
      return contains(target, candidate) ? 1 : 0;
    }))],
    ["JSON_CONTAINS_PATH", define(3, variadic, (args) => scalar(args, bigintType, (values) => {
      const doc = parseDocument(values[0] ?? null, 1, "json_contains_path");
      const mode = textOf(values[1] ?? null).toLowerCase();
      if (mode !== "one" && mode !== "all") throw sqlError(ER_INVALID_JSON_PATH, 0, "json_contains_path");
      const hits = values.slice(2).map((path) => evaluatePath(doc, parsePath(path, "json_contains_path")).length > 0);
      return (mode === "one" ? hits.some(Boolean) : hits.every(Boolean)) ? 1 : 0;
    }))],
    ["JSON_SET", modifier("set", "json_set")],
    ["JSON_INSERT", modifier("insert", "json_insert")],
    ["JSON_REPLACE", modifier("replace", "json_replace")],
    ["JSON_ARRAY_APPEND", modifier("append", "json_array_append")],
    ["JSON_REMOVE", define(2, variadic, (args) => scalar(args, jsonType, (values) => {
      let doc = parseDocument(values[0] ?? null, 1, "json_remove");
      for (const value of values.slice(1)) {
        const path = parsePath(value, "json_remove");
        if (path.length === 0) throw sqlError(ER_JSON_VACUOUS_PATH);
        doc = removePath(doc, path);
      }
      return serializeJson(doc);
    }))],
    ["JSON_ARRAY", define(0, variadic, (args) => scalar(args, jsonType, (values) =>
      serializeJson(values.map((value, i) => toJson(value, argumentKind(args[i]!.type)))), { nullPropagating: false }))],
    ["JSON_OBJECT", define(0, variadic, (args) => scalar(args, jsonType, (values) => {
      const object: { [key: string]: Json } = {};
      for (let i = 0; i + 1 < values.length; i += 2) {
        object[textOf(values[i] ?? null)] = toJson(values[i + 1] ?? null, argumentKind(args[i + 1]!.type));
      }
      return serializeJson(object);
    }, { nullPropagating: false }))],
  ]);
}
