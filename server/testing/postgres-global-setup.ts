import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPostgres, migratePostgres, closePostgres } from "../../db/postgres";
import { startPostgres } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test cluster's address without a database: createTestDb makes one per test from the template. */
    postgresServer: string;
  }
}

/**
 * The unit suite on Postgres (`npm run test:unit:postgres`): one throwaway cluster for the whole
 * run, and one migrated database, `template_releaseboard`, that every test's database is copied
 * from (server/testing/test-db.ts), so no test migrates and none sees another's rows.
 */
export default async function setup(project: TestProject) {
  const cluster = await startPostgres();
  const server = cluster.url.replace(/\/releaseboard$/, "");
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query("create database template_releaseboard");
  await admin.end();
  const template = openPostgres(`${server}/template_releaseboard`, { poolSize: 1 });
  await migratePostgres(template);
  await closePostgres(template);
  project.provide("postgresServer", server);
  return () => cluster.stop();
}
