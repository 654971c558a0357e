/**
 * Shared pieces of single-table UPDATE and DELETE planning: resolving the target table, the
 * scope of its columns, and the row-reading query (`SELECT * FROM t WHERE … ORDER BY … LIMIT …
 * FOR UPDATE`), planned by the ordinary select planner so UPDATE/DELETE get the same access
 * paths (point lookup, range scan) as SELECT.
 */

import type { Expression, Limit, OrderItem, SelectQuery, TableReference, SourceSpan } from "../parser/ast.ts";
import type { StorageTable } from "../catalog/catalog.ts";
import type { TableSchema } from "../catalog/schema.ts";
import { ER_NO_DB_ERROR, ER_NO_SUCH_TABLE, ER_NOT_SUPPORTED_YET } from "../../util/mysql-errors.ts";
import { sqlError } from "../sql-error.ts";
import { Scope } from "../expression/scope.ts";
import type { PlanContext } from "../plan/plan-context.ts";
import type { SelectPlan } from "../plan/query-plan.ts";
import { planQuery } from "../plan/select-planner.ts";

export interface TargetTable {
  readonly database: string;
  readonly alias: string;
  readonly table: StorageTable;
  readonly schema: TableSchema;
  readonly scope: Scope;
}

export function resolveTarget(references: readonly TableReference[], context: PlanContext, statement: string): TargetTable {
  const reference = references[0];
  if (references.length !== 1 || reference === undefined || reference.kind !== "table") {
    throw sqlError(ER_NOT_SUPPORTED_YET, `multi-table ${statement}`);
  }
  const database = reference.name.database?.name ?? context.session.database;
  if (database === undefined) throw sqlError(ER_NO_DB_ERROR);
  const name = reference.name.name.name;
  if (context.virtualSchemas.isVirtualDatabase(database)) {
    throw sqlError({ code: 1044, sqlState: "42000", template: "Access denied for user '%s'@'%s' to database '%s'" },
      context.session.user, context.session.host, database);
  }
  const table = context.catalog.getTable(database, name);
  if (table === undefined) throw sqlError(ER_NO_SUCH_TABLE, database, name);
  const alias = reference.alias?.name ?? name;
  context.tablesUsed.push({ database, name, schema: table.schema });
  return { database, alias, table, schema: table.schema, scope: tableScope(table.schema, alias, database) };
}

export function tableScope(schema: TableSchema, alias: string, database: string): Scope {
  return new Scope(
    schema.columns.map((column, index) => ({
      name: column.name,
      tableAlias: alias,
      database,
      orgTable: schema.name,
      index,
      type: column.type,
      nullable: column.nullable,
      schema: column,
      table: schema,
    })),
  );
}

/** Plans the locking read of the rows an UPDATE / DELETE changes. */
export function planTargetRead(
  reference: TableReference,
  where: Expression | undefined,
  orderBy: readonly OrderItem[],
  limit: Limit | undefined,
  span: SourceSpan,
  context: PlanContext,
): SelectPlan {
  const query: SelectQuery = {
    kind: "select",
    distinct: false,
    options: { highPriority: false, straightJoin: false, sqlCalcFoundRows: false },
    items: [{ kind: "select-star" }],
    from: [reference],
    ...(where === undefined ? {} : { where }),
    groupBy: [],
    withRollup: false,
    windows: [],
    orderBy,
    ...(limit === undefined ? {} : { limit }),
    locking: [{ strength: "update", of: [], wait: "wait" }],
    span,
    paramCount: 0,
  };
  const plan = planQuery(query, context);
  if (plan.kind !== "select") throw sqlError(ER_NOT_SUPPORTED_YET, "this UPDATE/DELETE form");
  return plan;
}
