import { expect, it } from "vitest";
import { getTableName, is, SQL } from "drizzle-orm";
import {
  getTableConfig as sqliteConfig,
  SQLiteSyncDialect,
  SQLiteTable,
  type SQLiteColumn,
} from "drizzle-orm/sqlite-core";
import { getTableConfig as pgConfig, PgDialect, PgTable, type PgColumn } from "drizzle-orm/pg-core";
import * as sqlite from "../schema/sqlite";
import * as pg from ".";

/**
 * db/schema (SQLite) and db/schema-pg (Postgres) describe one database: the same tables,
 * columns (names, nullability, whether a default or an identity fills them), primary keys,
 * indexes (names, columns, uniqueness, partial conditions) and foreign keys. A change to one
 * without the other fails here; the column types are compared in row-types.test.ts.
 */

type Column = SQLiteColumn | PgColumn;
type Shape = ReturnType<typeof shapeOf>;

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

function columnShape(column: Column) {
  const generated = "autoIncrement" in column ? column.autoIncrement : Boolean(column.generatedIdentity);
  return {
    notNull: column.notNull,
    primary: column.primary,
    // What fills the column when an insert leaves it out: a value, SQL, a function, or the database's counter.
    defaultValue: column.default === undefined || is(column.default, SQL) ? null : JSON.stringify(column.default),
    hasDefault: column.default !== undefined || column.defaultFn !== undefined,
    generated,
  };
}

/** The parts of a table the two dialects must agree on, in a form both produce alike. */
function shapeOf(config: ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>, render: (s: SQL) => string) {
  const names = (columns: readonly unknown[]) => columns.map((c) => (c as { name: string }).name);
  return {
    columns: Object.fromEntries(
      [...config.columns].sort((a, b) => a.name.localeCompare(b.name)).map((c) => [c.name, columnShape(c)]),
    ),
    primaryKeys: config.primaryKeys.map((pk) => ({ name: pk.getName(), columns: names(pk.columns) })),
    indexes: config.indexes
      .map((index) => ({
        name: index.config.name,
        columns: names(index.config.columns),
        unique: index.config.unique,
        where: index.config.where ? render(index.config.where) : null,
      }))
      .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "")),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const reference = fk.reference();
        return {
          name: fk.getName(),
          columns: names(reference.columns),
          foreignTable: getTableName(reference.foreignTable),
          foreignColumns: names(reference.foreignColumns),
          onDelete: fk.onDelete ?? "no action",
          onUpdate: fk.onUpdate ?? "no action",
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
    uniqueConstraints: config.uniqueConstraints.map((u) => ({ name: u.name, columns: names(u.columns) })),
    checks: config.checks.map((c) => c.name),
  };
}

const sqliteTables = new Map<string, Shape>();
for (const value of Object.values(sqlite)) {
  if (!is(value, SQLiteTable)) continue;
  sqliteTables.set(
    getTableName(value),
    shapeOf(sqliteConfig(value), (s) => sqliteDialect.sqlToQuery(s).sql),
  );
}
const pgTables = new Map<string, Shape>();
for (const value of Object.values(pg)) {
  if (!is(value, PgTable)) continue;
  pgTables.set(
    getTableName(value),
    shapeOf(pgConfig(value), (s) => pgDialect.sqlToQuery(s).sql),
  );
}

it("has the same tables as the SQLite schema", () => {
  expect(sqliteTables.size).toBeGreaterThan(30);
  expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
});

it.each([...sqliteTables.keys()].sort())("%s: same columns, keys, indexes and foreign keys on both", (name) => {
  expect(pgTables.get(name)).toEqual(sqliteTables.get(name));
});
