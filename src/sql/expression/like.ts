/**
 * LIKE (with ESCAPE) and REGEXP. A LIKE pattern becomes an anchored RegExp, built once when the
 * pattern is constant and cached per distinct pattern otherwise. Case- and accent-insensitive
 * collations compare folded text (NFD without combining marks, lower-cased), which matches what
 * the collations in types/collation.ts treat as equal for single characters; LIKE never pads
 * trailing spaces, as MySQL.
 */

import type { LikeExpression, RegexpExpression } from "../parser/ast.ts";
import type { SqlValue } from "../types/value.ts";
import type { Collation } from "../types/collation.ts";
import { toText } from "../types/coercion.ts";
import { ER_WRONG_ARGUMENTS } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import type { CompiledExpression, EvalContext } from "./compiled-expression.ts";
import type { Compile, CompileEnvironment } from "./compile-environment.ts";
import { collationFor } from "./collation-choice.ts";

const combiningMarks = /[\u0300-\u036f]/g;

/** The text transformation under which the collation's equal characters become identical. */
export function foldFunction(collation: Collation): (text: string) => string {
  if (collation.name === "binary" || collation.name.endsWith("_bin") || collation.name.endsWith("_as_cs")) {
    return (text) => text;
  }
  return (text) => {
    for (let index = 0; index < text.length; index++) {
      if (text.charCodeAt(index) > 0x7f) return text.normalize("NFD").replace(combiningMarks, "").toLowerCase();
    }
    return text.toLowerCase();
  };
}

/** Translates a LIKE pattern to an anchored RegExp source. */
export function likePatternToRegExp(pattern: string, escape: string, fold: (text: string) => string): RegExp {
  let source = "^";
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index] as string;
    if (character === escape && index + 1 < pattern.length) {
      index++;
      source += escapeRegExp(fold(pattern[index] as string));
    } else if (character === "%") {
      source += "[\\s\\S]*";
    } else if (character === "_") {
      source += "[\\s\\S]";
    } else {
      source += escapeRegExp(fold(character));
    }
  }
  return new RegExp(`${source}$`, "u");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** LIKE on plain values, for SHOW … LIKE filters. */
export function likeMatches(value: string, pattern: string, collation: Collation): boolean {
  const fold = foldFunction(collation);
  return likePatternToRegExp(pattern, "\\", fold).test(fold(value));
}

export function compileLike(expression: LikeExpression, environment: CompileEnvironment, compile: Compile): CompiledExpression {
  const operand = compile(expression.operand);
  const pattern = compile(expression.pattern);
  const escape = expression.escape === undefined ? undefined : compile(expression.escape);
  const fold = foldFunction(collationFor(operand, pattern, environment.collationConnection));
  const negate = expression.not;
  let cachedPattern: string | undefined;
  let cachedEscape: string | undefined;
  let cachedRegExp: RegExp | undefined;
  const regExpFor = (patternText: string, escapeText: string): RegExp => {
    if (cachedRegExp === undefined || cachedPattern !== patternText || cachedEscape !== escapeText) {
      cachedRegExp = likePatternToRegExp(patternText, escapeText, fold);
      cachedPattern = patternText;
      cachedEscape = escapeText;
    }
    return cachedRegExp;
  };
  return {
    evaluate: (row: SqlValue[], context: EvalContext) => {
      const value = toText(operand.evaluate(row, context), operand.type);
      const patternText = toText(pattern.evaluate(row, context), pattern.type);
      if (value === null || patternText === null) return null;
      let escapeText = "\\";
      if (escape !== undefined) {
        escapeText = toText(escape.evaluate(row, context)) ?? "\\";
        if ([...escapeText].length > 1) throw sqlError(ER_WRONG_ARGUMENTS, "ESCAPE");
        if (escapeText === "") escapeText = "\\";
      }
      const matched = regExpFor(patternText, escapeText).test(fold(value));
      return matched !== negate ? 1 : 0;
    },
    type: { kind: "bigint", length: 1 },
    nullable: true,
    rowIndependent: operand.rowIndependent && pattern.rowIndependent,
    constant: false,
    dynamicType: false,
  };
}

export function compileRegexp(expression: RegexpExpression, environment: CompileEnvironment, compile: Compile): CompiledExpression {
  const operand = compile(expression.operand);
  const pattern = compile(expression.pattern);
  const collation = collationFor(operand, pattern, environment.collationConnection);
  const flags = foldFunction(collation)("A") === "a" ? "iu" : "u";
  const negate = expression.not;
  let cachedSource: string | undefined;
  let cachedRegExp: RegExp | undefined;
  return {
    evaluate: (row, context) => {
      const value = toText(operand.evaluate(row, context), operand.type);
      const source = toText(pattern.evaluate(row, context), pattern.type);
      if (value === null || source === null) return null;
      if (cachedRegExp === undefined || cachedSource !== source) {
        try {
          cachedRegExp = new RegExp(source, flags);
        } catch {
          throw sqlError(ER_WRONG_ARGUMENTS, "regexp");
        }
        cachedSource = source;
      }
      return cachedRegExp.test(value) !== negate ? 1 : 0;
    },
    type: { kind: "bigint", length: 1 },
    nullable: true,
    rowIndependent: operand.rowIndependent && pattern.rowIndependent,
    constant: false,
    dynamicType: false,
  };
}
