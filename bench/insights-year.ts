/**
 * One-off measuring script for Insights over a year (issue 26), with the bench's own seed and
 * functions: `tsx bench/insights-year.ts seed FILE` keeps a seeded year; `… year FILE` copies it,
 * migrates the copy to the current schema (backfills included) and times getProjectInsights as
 * benchHistory does; `… organisation N` runs benchOrganisationInsights(N).
 */
import fs from "node:fs";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { getProjectInsights } from "../server/queries/insights";
import { benchOrganisationInsights, seedYear } from "./history";
import { freshDatabase, time } from "./setup";

const [mode, arg] = process.argv.slice(2);
const ms = (n: number) => `${n.toFixed(1)} ms`;
async function main() {
  if (mode === "seed") {
    const app = await freshDatabase("insights-year");
    await seedYear(app.db);
    app.db.$client.close();
    fs.copyFileSync(app.file, arg!);
    fs.rmSync(app.dir, { recursive: true, force: true });
  } else if (mode === "year") {
    const copy = `${arg}.copy`;
    fs.copyFileSync(arg!, copy);
    const db = openDatabase(copy);
    const m0 = performance.now();
    await migrateDatabase(db);
    console.log(`migrated in ${ms(performance.now() - m0)}`);
    const yearRange = { from: new Date(Date.now() - 365 * 86_400_000), to: new Date() };
    const s = await time(20, () => getProjectInsights(db, "year", yearRange), 2);
    console.log(`insights of a year: p50 ${ms(s.p50)} · p99 ${ms(s.p99)} (n ${s.n})`);
    db.$client.close();
    fs.rmSync(copy, { force: true });
  } else if (mode === "organisation") {
    const o = await benchOrganisationInsights(Number(arg ?? 40));
    console.log(
      `organisation ${o.projects} projects, ${o.moves} moves (seed ${o.seedSeconds.toFixed(0)} s): cold p50 ${ms(o.cold.p50)} · p99 ${ms(o.cold.p99)} (n ${o.cold.n}); warm p50 ${ms(o.warm.p50)} · p99 ${ms(o.warm.p99)}`,
    );
  }
}
void main(); // a script: errors end the process
