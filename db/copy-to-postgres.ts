import type Database from "better-sqlite3";
import { getTableColumns, getTableName, gt, is, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { getTableConfig as getPgTableConfig, PgTable } from "drizzle-orm/pg-core";
import * as sqliteSchema from "./schema/sqlite";
import * as pgSchema from "./schema-pg";
import { migratePostgres, type PgDb } from "./postgres";

export type TableCount = { table: string; sqlite: number; postgres: number };

export class CopyRefused extends Error {}

/** Rows per INSERT: Postgres takes at most 65,535 parameters in a statement. */
const rowsPerInsert = (columns: number) => Math.max(1, Math.min(1000, Math.floor(60_000 / columns)));

/** Held while a copy runs, so two copies into one database cannot both find it empty. */
const copyLock = "7311884123006102";

/**
 * Filled by triggers as their sources are copied, not copied themselves (they then agree with them):
 * the latest result per check by the check_results trigger, the stays by the transitions trigger.
 */
const derived = new Set(["latest_check_results", "release_stays", "release_stay_days"]);

/** Every table, each after the tables its foreign keys point at. */
export function tablesInForeignKeyOrder(): SQLiteTable[] {
  const tables = Object.values(sqliteSchema as Record<string, unknown>).filter((value): value is SQLiteTable =>
    is(value, SQLiteTable),
  );
  const ordered: SQLiteTable[] = [];
  const visiting = new Set<SQLiteTable>();
  const visit = (table: SQLiteTable) => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const fk of getTableConfig(table).foreignKeys) {
      const target = fk.reference().foreignTable;
      if (target !== table) visit(target);
    }
    ordered.push(table);
  };
  tables.sort((a, b) => getTableName(a).localeCompare(getTableName(b))).forEach(visit);
  return ordered;
}

function pgTableNamed(name: string): PgTable {
  const table = Object.values(pgSchema as Record<string, unknown>).find(
    (value) => is(value, PgTable) && getTableName(value) === name,
  );
  if (!table) throw new Error(`no Postgres table ${name} (db/schema-pg is behind db/schema)`);
  return table as PgTable;
}

/**
 * Copies a SQLite database into an empty Postgres one (README: Postgres): migrates it, then every
 * table in foreign-key order, ids included, in batches, in one transaction; sets each identity
 * past the ids copied, and compares the rows per table before committing. The SQLite side is
 * read in one read transaction, so a server writing meanwhile does not tear the copy.
 */
export async function copyToPostgres(connection: Database.Database, target: PgDb): Promise<TableCount[]> {
  await migratePostgres(target);
  const source = drizzle(connection);
  const tables = tablesInForeignKeyOrder();
  connection.exec("begin");
  try {
    return await target.transaction(async (tx) => {
      // Two copies at once: the second waits here, then finds the first one's rows.
      await tx.execute(sql`select pg_advisory_xact_lock(${copyLock}::bigint)`);
      const occupied: string[] = [];
      for (const table of tables) {
        const rows = await tx.execute(sql`select 1 from ${sql.identifier(getTableName(table))} limit 1`);
        if (rows.rows.length > 0) occupied.push(getTableName(table));
      }
      if (occupied.length > 0) {
        throw new CopyRefused(
          `the Postgres database is not empty (rows in ${occupied.join(", ")}); copy into an empty one`,
        );
      }
      const counts: TableCount[] = [];
      for (const table of tables) {
        const name = getTableName(table);
        const into = pgTableNamed(name);
        const columns = getTableColumns(table);
        const batch = rowsPerInsert(Object.keys(columns).length);
        if (!derived.has(name)) {
          // Keyset paging on the rowid, so memory holds one batch whatever the table's size.
          const rowid = sql<number>`rowid`;
          for (let after = 0; ;) {
            const page = source
              .select({ ...columns, rowid })
              .from(table)
              .where(gt(rowid, after))
              .orderBy(rowid)
              .limit(batch)
              .all();
            if (page.length === 0) break;
            after = page.at(-1)!.rowid;
            await tx.insert(into).values(page.map(({ rowid: _, ...row }) => row));
          }
        }
        const inSqlite = source.get<{ n: number }>(sql`select count(*) as n from ${sql.identifier(name)}`).n;
        const copied = await tx.execute<{ n: number }>(sql`select count(*) as n from ${sql.identifier(name)}`);
        counts.push({ table: name, sqlite: inSqlite, postgres: Number(copied.rows[0]!.n) });
        if (getPgTableConfig(into).columns.some((column) => column.name === "id" && column.generatedIdentity)) {
          await tx.execute(
            sql`select setval(pg_get_serial_sequence(${name}, 'id'), coalesce((select max(id) from ${sql.identifier(name)}), 0) + 1, false)`,
          );
        }
      }
      const mismatched = counts.filter((c) => c.sqlite !== c.postgres);
      if (mismatched.length > 0) throw new CopyMismatch(counts);
      return counts;
    });
  } finally {
    connection.exec("commit");
  }
}

/** The counts differed: nothing was committed. */
export class CopyMismatch extends Error {
  constructor(readonly counts: TableCount[]) {
    const wrong = counts.filter((c) => c.sqlite !== c.postgres);
    super(
      `the copy does not match, nothing was committed: ${wrong.map((c) => `${c.table} has ${c.sqlite} rows in SQLite, ${c.postgres} in Postgres`).join("; ")}`,
    );
  }
}
