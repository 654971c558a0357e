/**
 * String functions: CONCAT, CONCAT_WS, LENGTH, CHAR_LENGTH, UPPER/LOWER, SUBSTRING, LEFT, RIGHT,
 * TRIM/LTRIM/RTRIM, REPLACE, REPEAT, REVERSE, LPAD/RPAD, INSTR/LOCATE, SPACE, HEX, ASCII,
 * STRCMP. Positions and lengths count characters (code points), LENGTH counts UTF-8 bytes, as
 * MySQL with utf8mb4.
 */

import type { TrimExpression } from "../parser/ast.ts";
import type { SqlValue } from "../types/value.ts";
import { toInteger, toText, bytesToText } from "../types/coercion.ts";
import { stringResultCharsMax } from "../../constants.ts";
import { textType, bigintType, type CompiledExpression } from "./compiled-expression.ts";
import type { Compile, CompileEnvironment } from "./compile-environment.ts";
import { define, scalar, variadic, type FunctionDefinition } from "./function-helpers.ts";
import { collationOf } from "./collation-choice.ts";

function text(value: SqlValue): string {
  return value instanceof Uint8Array ? bytesToText(value) : (toText(value) ?? "");
}

function integerArg(value: SqlValue, context: { warnings: import("../types/coercion.ts").WarningSink }): number {
  return Number(toInteger(value, context.warnings) ?? 0);
}

/** UTF-8 byte length without encoding. */
export function utf8Length(value: string): number {
  let bytes = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

function characters(value: string): string[] {
  return Array.from(value);
}

function resultType(args: readonly CompiledExpression[], environment: CompileEnvironment, length = 255) {
  const collation = args.find((arg) => arg.type.collation !== undefined)?.type.collation ?? environment.collationConnection;
  return textType(collation, length);
}

function substring(value: string, position: number, length: number | undefined): string {
  const chars = characters(value);
  if (position === 0) return "";
  const start = position > 0 ? position - 1 : chars.length + position;
  if (start < 0 || start >= chars.length) return "";
  const end = length === undefined ? chars.length : start + Math.max(length, 0);
  return chars.slice(start, end).join("");
}

function pad(value: string, length: number, padding: string, left: boolean): string | null {
  const chars = characters(value);
  if (length < 0 || length > stringResultCharsMax) return null;
  if (chars.length >= length) return chars.slice(0, length).join("");
  if (padding === "") return null;
  const padChars = characters(padding);
  const fill: string[] = [];
  while (fill.length < length - chars.length) fill.push(padChars[fill.length % padChars.length] as string);
  return left ? fill.join("") + value : value + fill.join("");
}

function repeatText(value: string, count: number): string | null {
  if (count <= 0) return "";
  return value.length * count > stringResultCharsMax ? null : value.repeat(count);
}

function trimText(value: string, remove: string, leading: boolean, trailing: boolean): string {
  if (remove === "") return value;
  let start = 0;
  let end = value.length;
  if (leading) while (value.startsWith(remove, start)) start += remove.length;
  if (trailing) while (end - remove.length >= start && value.startsWith(remove, end - remove.length)) end -= remove.length;
  return value.slice(start, end);
}

export function compileTrim(expression: TrimExpression, environment: CompileEnvironment, compile: Compile): CompiledExpression {
  const operand = compile(expression.operand);
  const remove = expression.remove === undefined ? undefined : compile(expression.remove);
  const leading = expression.mode !== "trailing";
  const trailing = expression.mode !== "leading";
  const args = remove === undefined ? [operand] : [operand, remove];
  return scalar(args, resultType([operand], environment), (values) =>
    trimText(text(values[0] ?? null), values.length > 1 ? text(values[1] ?? null) : " ", leading, trailing),
  );
}

/** Pure ASCII: JavaScript's case mapping is MySQL's there, and it is the common case. */
const asciiOnly = /^[\x00-\x7f]*$/;

/**
 * UPPER / LOWER: MySQL maps each character to one character. JavaScript's full Unicode
 * mapping may expand one ("ß" → "SS", "ŉ" → "ʼN"); such a character is kept as it is.
 */
function mapCase(value: string, upper: boolean): string {
  if (asciiOnly.test(value)) return upper ? value.toUpperCase() : value.toLowerCase();
  let out = "";
  for (const character of value) {
    const mapped = upper ? character.toUpperCase() : character.toLowerCase();
    out += [...mapped].length === 1 ? mapped : character;
  }
  return out;
}

export const stringFunctions: ReadonlyMap<string, FunctionDefinition> = new Map<string, FunctionDefinition>([
  // ELT(n, a, b, …): the n-th string, NULL when n is out of range or NULL.
  ["ELT", define(2, variadic, (args, env) => scalar(args, resultType(args.slice(1), env), (values) => {
    const position = values[0];
    if (position === null || position === undefined) return null;
    const index = Math.trunc(Number(typeof position === "bigint" ? position : text(position)));
    const chosen = index >= 1 ? values[index] : undefined;
    return chosen === undefined || chosen === null ? null : text(chosen);
  }, { nullPropagating: false }))],
  ["CONCAT", define(1, variadic, (args, env) => scalar(args, resultType(args, env), (values) => values.map(text).join("")))],
  [
    "CONCAT_WS",
    define(2, variadic, (args, env) =>
      scalar(
        args,
        resultType(args, env),
        (values) => {
          if (values[0] === null) return null;
          const separator = text(values[0] ?? null);
          return values
            .slice(1)
            .filter((value) => value !== null)
            .map(text)
            .join(separator);
        },
        { nullPropagating: false },
      ),
    ),
  ],
  ["LENGTH", define(1, 1, (args) => scalar(args, bigintType, ([value]) => (value instanceof Uint8Array ? value.length : utf8Length(text(value ?? null)))))],
  ["BIT_LENGTH", define(1, 1, (args) => scalar(args, bigintType, ([value]) => 8 * (value instanceof Uint8Array ? value.length : utf8Length(text(value ?? null)))))],
  ["CHAR_LENGTH", define(1, 1, (args) => scalar(args, bigintType, ([value]) => characters(text(value ?? null)).length))],
  ["UPPER", define(1, 1, (args, env) => scalar(args, resultType(args, env), ([value]) => mapCase(text(value ?? null), true)))],
  ["LOWER", define(1, 1, (args, env) => scalar(args, resultType(args, env), ([value]) => mapCase(text(value ?? null), false)))],
  [
    "SUBSTRING",
    define(2, 3, (args, env) =>
      scalar(args, resultType(args, env), (values, context) =>
        substring(
          text(values[0] ?? null),
          integerArg(values[1] ?? null, context),
          values.length > 2 ? integerArg(values[2] ?? null, context) : undefined,
        ),
      ),
    ),
  ],
  ["LEFT", define(2, 2, (args, env) => scalar(args, resultType(args, env), (values, context) => characters(text(values[0] ?? null)).slice(0, Math.max(integerArg(values[1] ?? null, context), 0)).join("")))],
  [
    "RIGHT",
    define(2, 2, (args, env) =>
      scalar(args, resultType(args, env), (values, context) => {
        const count = integerArg(values[1] ?? null, context);
        const chars = characters(text(values[0] ?? null));
        return count <= 0 ? "" : chars.slice(Math.max(chars.length - count, 0)).join("");
      }),
    ),
  ],
  ["LTRIM", define(1, 1, (args, env) => scalar(args, resultType(args, env), ([value]) => text(value ?? null).replace(/^ +/, "")))],
  ["RTRIM", define(1, 1, (args, env) => scalar(args, resultType(args, env), ([value]) => text(value ?? null).replace(/ +$/, "")))],
  [
    "REPLACE",
    define(3, 3, (args, env) =>
      scalar(args, resultType(args, env), (values) => {
        const from = text(values[1] ?? null);
        return from === "" ? text(values[0] ?? null) : text(values[0] ?? null).split(from).join(text(values[2] ?? null));
      }),
    ),
  ],
  ["REPEAT", define(2, 2, (args, env) => scalar(args, resultType(args, env), (values, context) => repeatText(text(values[0] ?? null), integerArg(values[1] ?? null, context))))],
  ["REVERSE", define(1, 1, (args, env) => scalar(args, resultType(args, env), ([value]) => characters(text(value ?? null)).reverse().join("")))],
  ["LPAD", define(3, 3, (args, env) => scalar(args, resultType(args, env), (values, context) => pad(text(values[0] ?? null), integerArg(values[1] ?? null, context), text(values[2] ?? null), true)))],
  ["RPAD", define(3, 3, (args, env) => scalar(args, resultType(args, env), (values, context) => pad(text(values[0] ?? null), integerArg(values[1] ?? null, context), text(values[2] ?? null), false)))],
  ["SPACE", define(1, 1, (args, env) => scalar(args, resultType([], env), (values, context) => repeatText(" ", integerArg(values[0] ?? null, context))))],
  [
    "INSTR",
    define(2, 2, (args, env) => {
      const collation = collationOf(args[0]!, env.collationConnection);
      return scalar(args, bigintType, (values) => locate(text(values[1] ?? null), text(values[0] ?? null), 1, collation.name));
    }),
  ],
  [
    "LOCATE",
    define(2, 3, (args, env) => {
      const collation = collationOf(args[1]!, env.collationConnection);
      return scalar(args, bigintType, (values, context) =>
        locate(text(values[0] ?? null), text(values[1] ?? null), values.length > 2 ? integerArg(values[2] ?? null, context) : 1, collation.name),
      );
    }),
  ],
  ["ASCII", define(1, 1, (args) => scalar(args, bigintType, ([value]) => { const t = text(value ?? null); return t === "" ? 0 : (new TextEncoder().encode(t)[0] ?? 0); }))],
  [
    "HEX",
    define(1, 1, (args, env) =>
      scalar(args, resultType([], env), ([value]) => {
        if (typeof value === "bigint") return BigInt.asUintN(64, value).toString(16).toUpperCase();
        if (typeof value === "number") {
          if (!Number.isFinite(value)) return null;
          return BigInt.asUintN(64, BigInt(Math.round(value))).toString(16).toUpperCase();
        }
        const bytes = value instanceof Uint8Array ? value : new TextEncoder().encode(text(value ?? null));
        return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("").toUpperCase();
      }),
    ),
  ],
  [
    "STRCMP",
    define(2, 2, (args, env) => {
      const collation = collationOf(args[0]!, env.collationConnection);
      return scalar(args, bigintType, (values) => Math.sign(collation.compare(text(values[0] ?? null), text(values[1] ?? null))));
    }),
  ],
]);

function locate(needle: string, haystack: string, start: number, collationName: string): number {
  const insensitive = !(collationName === "binary" || collationName.endsWith("_bin") || collationName.endsWith("_cs"));
  const chars = characters(insensitive ? haystack.toLowerCase() : haystack);
  const target = insensitive ? needle.toLowerCase() : needle;
  if (start < 1) return 0;
  const joined = chars.slice(start - 1).join("");
  const found = joined.indexOf(target);
  if (found < 0) return 0;
  return characters(joined.slice(0, found)).length + start;
}
