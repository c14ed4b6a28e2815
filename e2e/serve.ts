import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getDatabase } from "../db/client";
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
 * A server the end-to-end tests run against: the production build on a database file made
 * fresh for this run. In demo mode it also gets the "playground" project, whose releases
 * exist only for the specs that move things.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-e2e-"));
process.env.DATABASE_PATH = path.join(dir, "e2e.db");
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));

async function prepare() {
  if (process.env.RELEASEBOARD_DEMO !== "1") return;
  const db = getDatabase(process.env.DATABASE_PATH!);
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
