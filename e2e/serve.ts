import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { getDatabase } from "../db/client";
import { openPostgresDatabase } from "../db/client-postgres";
import { migrateDatabase } from "../db/migrate";
import { seedDemo } from "../server/demo/seed";
import {
  seedCrowdedProject,
  seedE2eTokens,
  seedPlayground,
  seedPresetsProject,
  seedSemanticsProjects,
} from "./playground";
import { seedDeploysProject } from "./deploys-playground";
import { seedHistoryProject } from "./history-playground";
import { seedInsightsProject } from "./insights-playground";

/**
 * A server the end-to-end tests run against: the production build on a database made fresh for
 * this run — a SQLite file, or with E2E_POSTGRES_URL (`npm run test:e2e:postgres`, e2e/postgres.ts)
 * a new database of its own in that Postgres cluster. In demo mode it also gets the "playground"
 * project, whose releases exist only for the specs that move things.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-e2e-"));
process.env.DATABASE_PATH = path.join(dir, "e2e.db");
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));

/** A database of its own for this server in the cluster at E2E_POSTGRES_URL: each server of a run starts empty. */
async function freshPostgresDatabase(clusterUrl: string): Promise<string> {
  const name = `e2e_${process.env.PORT}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function prepare() {
  const clusterUrl = process.env.E2E_POSTGRES_URL;
  if (clusterUrl) {
    process.env.DATABASE_URL = await freshPostgresDatabase(clusterUrl);
    process.env.AUTH_SECRET ||= "e2e-secret-shared-by-nothing-else-0123456789";
  }
  if (process.env.RELEASEBOARD_DEMO !== "1") return;
  const db = process.env.DATABASE_URL
    ? openPostgresDatabase(process.env.DATABASE_URL)
    : getDatabase(process.env.DATABASE_PATH!);
  await migrateDatabase(db);
  await seedDemo(db);
  await seedPlayground(db);
  await seedPresetsProject(db);
  await seedCrowdedProject(db);
  await seedSemanticsProjects(db);
  await seedHistoryProject(db);
  await seedInsightsProject(db);
  await seedDeploysProject(db, Number(process.env.PORT));
  await seedE2eTokens(db);
}

void prepare().then(() => import("../server/main"));
