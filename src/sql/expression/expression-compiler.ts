/**
 * Compiles AST expressions into CompiledExpression closures (see compiled-expression.ts): names
 * are resolved to row offsets, operator semantics are chosen from static types, constants are
 * folded. Everything here runs once per plan; the closures run per row.
 */

import type { Expression, SystemVariable, ColumnRef } from "../parser/ast.ts";
import type { SqlValue } from "../types/value.ts";
import type { SqlType } from "../types/sql-type.ts";
import {
  ER_BAD_FIELD_ERROR,
  ER_INCORRECT_GLOBAL_LOCAL_VAR,
  ER_INVALID_GROUP_FUNC_USE,
  ER_NOT_SUPPORTED_YET,
  ER_OPERAND_COLUMNS,
  ER_UNKNOWN_SYSTEM_VARIABLE,
} from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import { decimalFromText } from "../types/decimal.ts";
import { toBoolean } from "../types/coercion.ts";
import { canonicalVariableName, getSystemVariableDefinition } from "../system-variables.ts";
import {
  bigintType,
  constantExpression,
  decimalType,
  doubleType,
  nullType,
  textType,
  varbinaryType,
  varcharType,
  type CompiledExpression,
  type EvalContext,
} from "./compiled-expression.ts";
import type { Compile, CompileEnvironment } from "./compile-environment.ts";
import { assertNever } from "../../util/assert.ts";
import { compileArithmetic } from "./arithmetic.ts";
import {
  compileComparison,
  compileBetween,
  compileInList,
  compileInSubquery,
  compileIs,
  compileQuantified,
} from "./predicates.ts";
import { compileLogical, compileNot, compileBitwise, compileNegate, compileBitNot } from "./logic.ts";
import { compileFunctionCall } from "./functions.ts";
import { compileCase, compileCast, compileCollate } from "./conditional.ts";
import { compileLike, compileRegexp } from "./like.ts";
import { compileTrim } from "./string-functions.ts";
import { columnRefText } from "./scope.ts";
import { expressionText } from "./expression-text.ts";
import { compileExtract, compileIntervalArithmetic, compileTimestampFunction } from "./date-functions.ts";
import { rewriteRowComparison, rewriteRowIn } from "./row-comparison.ts";

export function compileExpression(expression: Expression, environment: CompileEnvironment): CompiledExpression {
  return compileNode(expression, environment);
}

function compileNode(expression: Expression, environment: CompileEnvironment): CompiledExpression {
  const compile = (child: Expression): CompiledExpression => compileExpression(child, environment);
  switch (expression.kind) {
    case "integer":
    case "decimal":
    case "float":
    case "string":
    case "bytes":
    case "boolean":
    case "null":
      return compileLiteral(expression, environment);
    case "param":
      return compileParam(expression.index);
    case "column":
      return compileColumn(expression, environment);
    case "user-variable":
      return compileUserVariable(expression.name);
    case "system-variable":
      return compileSystemVariable(expression);
    case "unary":
      return compileUnary(expression.operator, compileExpression(expression.operand, environment), expression);
    case "binary":
      return compileBinary(expression, environment);
    case "is":
      return compileIs(compileExpression(expression.operand, environment), expression.test, expression.not);
    case "between":
      return compileBetween(expression, environment, compile);
    case "in-list": {
      const rewritten = rewriteRowIn(expression);
      return rewritten === undefined ? compileInList(expression, environment, compile) : compile(rewritten);
    }
    case "in-subquery":
      return compileInSubquery(expression, environment, compile);
    case "like":
      return compileLike(expression, environment, compile);
    case "regexp":
      return compileRegexp(expression, environment, compile);
    case "exists":
      return compileExists(expression.query, environment);
    case "subquery":
      return compileScalarSubquery(expression.query, environment);
    case "row":
      throw sqlError(ER_OPERAND_COLUMNS, 1);
    case "case":
      return compileCase(expression, environment, compile);
    case "cast":
      return compileCast(compileExpression(expression.operand, environment), expression.type, environment);
    case "collate":
      return compileCollate(compileExpression(expression.operand, environment), expression.collation);
    case "convert-using":
      return compileCast(
        compileExpression(expression.operand, environment),
        { name: "char", charset: expression.charset },
        environment,
      );
    default:
      return compileCallLike(expression, environment, compile);
  }
}

type CallLike = Extract<
  Expression,
  {
    kind:
      | "assign" | "function-call" | "aggregate" | "trim" | "default" | "interval" | "extract"
      | "timestamp-function" | "json-extract" | "member-of" | "quantified-comparison" | "get-format"
      | "char-function";
  }
>;

/** Function-like forms: calls, aggregates, assignments and the special syntaxes. */
function compileCallLike(expression: CallLike, environment: CompileEnvironment, compile: Compile): CompiledExpression {
  switch (expression.kind) {
    case "assign":
      return compileAssign(expression.variable, compileExpression(expression.value, environment));
    case "function-call":
      if (expression.over !== undefined) {
        if (environment.windows === undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "window functions here");
        return environment.windows.add(expression);
      }
      return compileFunctionCall(expression, environment, compile);
    case "aggregate":
      if (expression.over !== undefined && environment.windows !== undefined) return environment.windows.add(expression);
      if (environment.aggregates === undefined || expression.over !== undefined) {
        throw sqlError(ER_INVALID_GROUP_FUNC_USE);
      }
      return environment.aggregates.add(expression);
    case "trim":
      return compileTrim(expression, environment, compile);
    case "default":
      throw sqlError(ER_NOT_SUPPORTED_YET, "DEFAULT in this context");
    case "interval":
      // Only meaningful as a DATE_ADD-style argument: the amount, tagged with its unit.
      return Object.assign({ ...compile(expression.value) }, { intervalUnit: expression.unit });
    case "extract":
      return compileExtract(expression, compile);
    case "timestamp-function":
      return compileTimestampFunction(expression, compile);
    case "quantified-comparison":
      return compileQuantified(expression, environment, compile);
    case "json-extract": {
      // col->'$.p' is JSON_EXTRACT(col, '$.p'); col->>'$.p' is JSON_UNQUOTE(JSON_EXTRACT(…)).
      const extract: Expression = { kind: "function-call", name: "JSON_EXTRACT", args: [expression.operand, expression.path] };
      const call: Expression = expression.unquote ? { kind: "function-call", name: "JSON_UNQUOTE", args: [extract] } : extract;
      return compile(call);
    }
    case "member-of":
    case "get-format":
    case "char-function":
      throw sqlError(ER_NOT_SUPPORTED_YET, expressionText(expression));
    default:
      return assertNever(expression, "expression");
  }
}

type Literal = Extract<Expression, { kind: "integer" | "decimal" | "float" | "string" | "bytes" | "boolean" | "null" }>;

function compileLiteral(expression: Literal, environment: CompileEnvironment): CompiledExpression {
  switch (expression.kind) {
    case "integer":
      // Beyond BIGINT UNSIGNED an integer literal is a DECIMAL, as MySQL (99999999999999999999 + 1).
      if (typeof expression.value === "bigint" && expression.value > 18446744073709551615n) {
        return compileDecimalLiteral(expression.value.toString());
      }
      return constantExpression(expression.value, {
        kind: "bigint",
        length: expression.value.toString().length,
        // Literals beyond BIGINT's signed range are BIGINT UNSIGNED, as MySQL.
        ...(typeof expression.value === "bigint" && expression.value > 9223372036854775807n ? { unsigned: true } : {}),
      });
    case "decimal":
      return compileDecimalLiteral(expression.text);
    case "float":
      return constantExpression(expression.value, doubleType);
    case "string":
      if (expression.charset === "binary") {
        return constantExpression(new TextEncoder().encode(expression.value), varbinaryType);
      }
      return constantExpression(expression.value, textType(environment.collationConnection, expression.value.length));
    case "bytes":
      return constantExpression(expression.value, { kind: "varbinary", length: expression.value.length });
    case "boolean":
      return constantExpression(expression.value ? 1 : 0, { kind: "bigint", length: 1, boolean: true });
    case "null":
      return constantExpression(null, nullType);
  }
}

function compileDecimalLiteral(text: string): CompiledExpression {
  const fraction = text.split(".")[1] ?? "";
  const scale = fraction.length;
  const value = decimalFromText(text, scale) ?? "0";
  return constantExpression(value, decimalType(scale, Math.max(value.replace(/[-.]/g, "").length, 1)));
}

function compileParam(index: number): CompiledExpression {
  return {
    evaluate: (_row, context) => context.params[index] ?? null,
    type: varcharType,
    nullable: true,
    rowIndependent: true,
    constant: false,
    dynamicType: true,
  };
}

function compileColumn(ref: ColumnRef, environment: CompileEnvironment): CompiledExpression {
  const column = environment.scope.find(ref, environment.clause);
  if (column === undefined) {
    if (ref.table === undefined && environment.aliases !== undefined) {
      const aliased = environment.aliases(ref.column.name);
      if (aliased !== undefined) return aliased;
    }
    const outer = compileOuterColumn(ref, environment);
    if (outer !== undefined) return outer;
    throw sqlError(ER_BAD_FIELD_ERROR, columnRefText(ref), environment.clause);
  }
  const index = column.index;
  return {
    evaluate: (row) => row[index] ?? null,
    type: column.type,
    nullable: column.nullable,
    rowIndependent: false,
    constant: false,
    dynamicType: false,
    columnIndex: index,
  };
}

/** A reference to a column of an enclosing query (correlated subquery), innermost scope first. */
function compileOuterColumn(ref: ColumnRef, environment: CompileEnvironment): CompiledExpression | undefined {
  const scopes = environment.outerScopes ?? [];
  for (let level = scopes.length - 1; level >= 0; level--) {
    const column = scopes[level]!.find(ref, environment.clause);
    if (column === undefined) continue;
    environment.onOuterReference?.(level);
    const index = column.index;
    return {
      evaluate: (_row, context) => context.outerRows[level]?.[index] ?? null,
      type: column.type,
      nullable: true,
      // Constant for one run of the subquery, so it can serve as an index key there.
      rowIndependent: true,
      constant: false,
      dynamicType: false,
    };
  }
  return undefined;
}

function compileUserVariable(name: string): CompiledExpression {
  const key = name.toLowerCase();
  return {
    evaluate: (_row, context) => context.session.userVariables.get(key)?.value ?? null,
    type: varcharType,
    nullable: true,
    rowIndependent: true,
    constant: false,
    dynamicType: true,
  };
}

function compileAssign(name: string, value: CompiledExpression): CompiledExpression {
  const key = name.toLowerCase();
  const type = value.type;
  const evaluate = value.evaluate;
  return {
    evaluate: (row, context) => {
      const result = evaluate(row, context);
      context.session.userVariables.set(key, { value: result, type });
      return result;
    },
    type,
    nullable: true,
    rowIndependent: value.rowIndependent,
    constant: false,
    dynamicType: value.dynamicType,
  };
}

function compileSystemVariable(variable: SystemVariable): CompiledExpression {
  const name = canonicalVariableName(variable.name);
  const definition = getSystemVariableDefinition(name);
  if (definition === undefined) throw sqlError(ER_UNKNOWN_SYSTEM_VARIABLE, variable.name);
  const global = variable.scope === "global";
  if (global && definition.scope === "session") {
    throw sqlError(ER_INCORRECT_GLOBAL_LOCAL_VAR, variable.name, "SESSION");
  }
  if (variable.scope === "session" && definition.scope === "global") {
    throw sqlError(ER_INCORRECT_GLOBAL_LOCAL_VAR, variable.name, "GLOBAL");
  }
  const type: SqlType = systemVariableType(definition.type.kind);
  const evaluate = global
    ? (_row: SqlValue[], context: EvalContext) => context.session.getGlobalVariable(name)
    : (_row: SqlValue[], context: EvalContext) => context.session.getSystemVariable(name);
  return { evaluate, type, nullable: true, rowIndependent: true, constant: false, dynamicType: false };
}

function systemVariableType(kind: string): SqlType {
  return kind === "int" || kind === "bool" ? bigintType : varcharType;
}

function compileUnary(
  operator: "-" | "+" | "~" | "not",
  operand: CompiledExpression,
  expression: Expression,
): CompiledExpression {
  switch (operator) {
    case "+":
      return operand;
    case "-":
      return compileNegate(operand, expressionText(expression));
    case "~":
      return compileBitNot(operand);
    case "not":
      return compileNot(operand);
  }
}

function compileBinary(
  expression: Extract<Expression, { kind: "binary" }>,
  environment: CompileEnvironment,
): CompiledExpression {
  const operator = expression.operator;
  const rowForm = rewriteRowComparison(expression);
  if (rowForm !== undefined) return compileExpression(rowForm, environment);
  if ((operator === "+" || operator === "-") && expression.right.kind === "interval") {
    const interval = expression.right;
    const date = compileExpression(expression.left, environment);
    return compileIntervalArithmetic(date, compileExpression(interval.value, environment), interval.unit, operator === "+" ? 1 : -1);
  }
  if (operator === "+" && expression.left.kind === "interval") {
    const interval = expression.left;
    const date = compileExpression(expression.right, environment);
    return compileIntervalArithmetic(date, compileExpression(interval.value, environment), interval.unit, 1);
  }
  const left = compileExpression(expression.left, environment);
  const right = compileExpression(expression.right, environment);
  switch (operator) {
    case "+":
    case "-":
    case "*":
    case "/":
    case "div":
    case "%":
      return compileArithmetic(operator, left, right, expressionText(expression), environment.divPrecisionIncrement);
    case "=":
    case "<=>":
    case "<>":
    case "<":
    case "<=":
    case ">":
    case ">=":
      return compileComparison(operator, left, right, environment);
    case "and":
    case "or":
    case "xor":
      return compileLogical(operator, left, right);
    case "&":
    case "|":
    case "^":
    case "<<":
    case ">>":
      return compileBitwise(operator, left, right);
  }
}

function compileExists(query: import("../parser/ast.ts").Query, environment: CompileEnvironment): CompiledExpression {
  if (environment.subqueries === undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "subqueries here");
  const { slot } = environment.subqueries.add(query, "exists");
  return {
    evaluate: (_row, context) => {
      const result = context.subqueryResults[slot];
      return result !== undefined && result.kind === "exists" && result.exists ? 1 : 0;
    },
    type: bigintType,
    nullable: false,
    rowIndependent: true,
    constant: false,
    dynamicType: false,
  };
}

function compileScalarSubquery(
  query: import("../parser/ast.ts").Query,
  environment: CompileEnvironment,
): CompiledExpression {
  if (environment.subqueries === undefined) throw sqlError(ER_NOT_SUPPORTED_YET, "subqueries here");
  const { slot, type } = environment.subqueries.add(query, "scalar");
  return {
    evaluate: (_row, context) => {
      const result = context.subqueryResults[slot];
      return result !== undefined && result.kind === "scalar" ? result.value : null;
    },
    type,
    nullable: true,
    rowIndependent: true,
    constant: false,
    dynamicType: false,
  };
}

/** Evaluates a condition to true / false / null (three-valued logic). */
export function evaluateCondition(
  compiled: CompiledExpression,
  row: SqlValue[],
  context: EvalContext,
): boolean {
  return toBoolean(compiled.evaluate(row, context), context.warnings) === true;
}
