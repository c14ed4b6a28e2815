import { first } from "../db/client";
import type { Db } from "../db/client";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { eq } from "drizzle-orm";
import { backupDatabase } from "../db/backup";
import { environments, projects } from "../db/schema";
import { systemActor, type Actor } from "../server/domain/permissions";
import { applyPipeline } from "../server/services/apply-pipeline";
import { createCaller } from "../server/trpc/router";
import { listActivity } from "../server/queries/activity";
import { exportActivityCsv } from "../server/http/activity-export";
import { getBoardAt } from "../server/queries/history";
import { getBoard } from "../server/queries/board";
import { getOrganisationInsights, getProjectInsights } from "../server/queries/insights";
import { sealAuditChain, verifyAuditChain } from "../server/engine";
import { freshDatabase, historyInserts, time } from "./setup";
import { liveParts } from "../server/runtime";

export const fullYear = { results: 1_000_000, transitions: 100_000, activity: 500_000, releases: 25_000, active: 500 };
let year = fullYear;
const checks = ["unit", "lint", "e2e", "smoke"];
const viewer: Actor = { type: "user", id: "bench-viewer", name: "Viewer", role: "viewer" };

/**
 * A year of one busy project in one file: 25,000 releases (500 still active), 1,000,000
 * check results, 100,000 transitions and 500,000 activity entries. Plain inserts in one
 * transaction: the shape and size of the data is what is measured, not the verbs.
 */
export async function seedYear(db: Db) {
  await applyPipeline({
    ctx: { db, actor: systemActor },
    input: {
      project: "year",
      name: "A year",
      environments: [
        { slug: "dev", name: "Development" },
        { slug: "qa", name: "QA", requiredChecks: ["unit", "lint"] },
        { slug: "staging", name: "Staging", requiredChecks: ["e2e"] },
        { slug: "production", name: "Production", requiredChecks: ["smoke"], requiredSignoffs: 2 },
      ],
    },
  });
  const project = (await first(db.select().from(projects).where(eq(projects.slug, "year"))))!;
  const envs = await db
    .select()
    .from(environments)
    .where(eq(environments.projectId, project.id))
    .orderBy(environments.position);
  const sqlite = db.$client;
  sqlite.pragma("synchronous = OFF");
  const { release, result, transition, audit } = historyInserts(sqlite);
  const start = Date.now() - 365 * 86_400_000;
  const step = (365 * 86_400_000) / year.releases;
  const perRelease = {
    results: year.results / year.releases,
    transitions: year.transitions / year.releases,
    activity: year.activity / year.releases,
  };
  sqlite.transaction(() => {
    for (let i = 0; i < year.releases; i++) {
      const at = Math.round(start + i * step);
      const active = i >= year.releases - year.active;
      const env = active ? envs[(year.releases - 1 - i) % envs.length]! : envs.at(-1)!;
      const id = Number(
        release.run(
          project.id,
          `${Math.floor(i / 1000)}.${Math.floor(i / 10) % 100}.${i % 10}`,
          (i * 2654435761).toString(16).padStart(12, "0"),
          `Release ${i}`,
          active ? "active" : "superseded",
          env.id,
          at,
          at,
        ).lastInsertRowid,
      );
      for (let r = 0; r < perRelease.results; r++) {
        const failed = (i + r) % 7 === 0;
        result.run(
          id,
          envs[r % envs.length]!.id,
          checks[r % checks.length],
          failed ? "failed" : "passed",
          failed ? 3 : 0,
          failed ? "3 failed" : "120 passed",
          at + r * 1000,
        );
      }
      for (let t = 0; t < perRelease.transitions; t++) {
        transition.run(
          project.id,
          id,
          t === 0 ? null : envs[Math.min(t - 1, envs.length - 1)]!.id,
          envs[Math.min(t, envs.length - 1)]!.id,
          t === 0 ? "create" : "promote",
          at + t * 60_000,
        );
      }
      for (let a = 0; a < perRelease.activity; a++) {
        audit.run(
          project.id,
          env.id,
          id,
          a % 2 ? "check.recorded" : "release.moved",
          `entry ${a} of release ${i}`,
          a % 3 ? "bench-rita" : "bench-ana",
          a % 3 ? "Rita" : "Ana",
          at + a * 1000,
        );
      }
    }
  })();
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("optimize");
  return {
    project: "year",
    activeVersion: (
      sqlite.prepare("select version from releases where state = 'active' order by id desc limit 1").get() as {
        version: string;
      }
    ).version,
  };
}

/** `fraction` < 1 for --quick: a tenth of the year, the same shape. */
export async function benchHistory(iterations: number, fraction = 1, keep?: string) {
  year = {
    ...fullYear,
    results: fullYear.results * fraction,
    transitions: fullYear.transitions * fraction,
    activity: fullYear.activity * fraction,
    releases: fullYear.releases * fraction,
  };
  const app = await freshDatabase("history");
  const t0 = performance.now();
  const { project, activeVersion } = await seedYear(app.db);
  const seedSeconds = (performance.now() - t0) / 1000;
  if (keep) fs.copyFileSync(app.file, keep);
  const caller = createCaller({ db: app.db, ...liveParts(app.db), actor: viewer });
  const board = await time(iterations, () => caller.board.board({ project }), 10);
  // The procedure serves a snapshot while nothing changes; what a viewer waits for after a change
  // (or 5 s without one) is the board computed.
  const boardComputed = await time(iterations, () => getBoard(app.db, project), 10);
  const release = await time(iterations, () => caller.board.release({ project, version: activeVersion }), 10);
  // README: History — the board a week ago and a month ago, from the append-only moves.
  const weekAgo = new Date(Date.now() - 7 * 86_400_000);
  const boardAtWeek = await time(iterations, () => getBoardAt(app.db, project, weekAgo), 10);
  const boardAtMonth = await time(
    iterations,
    () => getBoardAt(app.db, project, new Date(Date.now() - 30 * 86_400_000)),
    5,
  );
  // README: Insights — a year of one project.
  const yearRange = { from: new Date(Date.now() - 365 * 86_400_000), to: new Date() };
  const insights = await time(Math.min(iterations, 20), () => getProjectInsights(app.db, project, yearRange), 2);
  // README: Evidence — the activity entries the seed wrote raw are sealed once, then verified.
  const s0 = performance.now();
  const sealed = await sealAuditChain(app.db);
  const sealSeconds = (performance.now() - s0) / 1000;
  const v0 = performance.now();
  const verdict = await verifyAuditChain(app.db);
  const verifySeconds = (performance.now() - v0) / 1000;
  // Pages at several depths of the log, filtered and not.
  const depths = [0, 0.2, 0.5, 0.998].map((d) => Math.round(d * year.activity));
  const cursors = await Promise.all(
    depths.map(async (d) =>
      d === 0 ? undefined : ((await listActivity(app.db, { project }, { limit: d })).nextCursor ?? undefined),
    ),
  );
  const perDepth = [];
  for (const cursor of cursors)
    perDepth.push(await time(iterations, () => caller.activity.list({ project, cursor }), 10));
  const activity = perDepth.reduce((worst, s) => (s.p99 > worst.p99 ? s : worst));
  const activityFiltered = await time(
    iterations,
    () => caller.activity.list({ project, actor: "bench-ana", cursor: cursors.at(-1) }),
    10,
  );

  // The whole log as CSV, read as a client would; memory sampled while it streams.
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const e0 = performance.now();
  const response = exportActivityCsv(app.db, viewer, new URL("http://bench.invalid/api/activity/export"));
  let rows = -1;
  let bytes = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (const byte of value) if (byte === 10) rows++;
  }
  const exportSeconds = (performance.now() - e0) / 1000;
  clearInterval(sampler);

  const fileBytes =
    fs.statSync(app.file).size + (fs.existsSync(`${app.file}-wal`) ? fs.statSync(`${app.file}-wal`).size : 0);
  const b0 = performance.now();
  await backupDatabase(app.db, path.join(app.dir, "backup.db"));
  const backupSeconds = (performance.now() - b0) / 1000;
  app.db.$client.close();
  fs.rmSync(app.dir, { recursive: true, force: true });
  return {
    year,
    seedSeconds,
    board,
    boardComputed,
    release,
    boardAtWeek,
    boardAtMonth,
    insights,
    audit: { sealed, sealSeconds, verifySeconds, verified: verdict.ok ? verdict.entries : -1 },
    activity,
    activityFiltered,
    exportRows: rows,
    exportMiB: bytes / 2 ** 20,
    exportRowsPerSecond: rows / exportSeconds,
    exportPeakGrowthMiB: (peak - rssBefore) / 2 ** 20,
    fileMiB: fileBytes / 2 ** 20,
    backupSeconds,
  };
}

export const organisationYear = { projects: 300, releasesPerProject: 365 };

/**
 * The organisation's Insights over a year (issue 26): 300 projects of 4 environments, each with a
 * release a day going dev → qa → staging → production over two days (438,000 moves, the stays kept
 * by the moves' trigger as the verbs' moves would be), every tenth rolled back an hour after going
 * live. Cold: a different range each call; warm: the same range again while nothing changed.
 */
export async function benchOrganisationInsights(iterations: number, fraction = 1) {
  const app = await freshDatabase("organisation-insights");
  const sqlite = app.db.$client;
  const t0 = performance.now();
  const perProject = Math.round(organisationYear.releasesPerProject * fraction);
  const environmentsOf = [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA" },
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production", requiredSignoffs: 1 },
  ];
  for (let p = 0; p < organisationYear.projects; p++)
    await applyPipeline({
      ctx: { db: app.db, actor: systemActor },
      input: { project: `svc-${String(p).padStart(3, "0")}`, name: `Service ${p}`, environments: environmentsOf },
    });
  sqlite.pragma("synchronous = OFF");
  const { release, transition } = historyInserts(sqlite);
  const ids = sqlite.prepare("select id from projects where slug like 'svc-%' order by id").all() as { id: number }[];
  const envsOf = sqlite.prepare("select id from environments where project_id = ? order by position");
  const start = Date.now() - 365 * 86_400_000;
  sqlite.transaction(() => {
    for (const { id: projectId } of ids) {
      const envs = (envsOf.all(projectId) as { id: number }[]).map((e) => e.id);
      let previous: number | null = null;
      for (let i = 0; i < perProject; i++) {
        const at = start + i * 86_400_000 + (projectId % 24) * 3_600_000;
        const id = Number(
          release.run(
            projectId,
            `1.${i}.0`,
            (projectId * 100_000 + i).toString(16).padStart(12, "0"),
            null,
            "superseded",
            envs[3],
            at,
            at,
          ).lastInsertRowid,
        );
        transition.run(projectId, id, null, envs[0], "create", at);
        transition.run(projectId, id, envs[0], envs[1], "promote", at + 2 * 3_600_000);
        transition.run(projectId, id, envs[1], envs[2], "promote", at + 20 * 3_600_000);
        transition.run(projectId, id, envs[2], envs[3], "promote", at + 46 * 3_600_000);
        if (i % 10 === 9 && previous !== null)
          transition.run(projectId, previous, envs[2], envs[3], "rollback", at + 47 * 3_600_000);
        previous = id;
      }
    }
  })();
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("optimize");
  const seedSeconds = (performance.now() - t0) / 1000;
  const now = Date.now();
  let shift = 0;
  // Cold: each call a range ending a millisecond earlier, so nothing is reused.
  const cold = await time(
    Math.max(3, Math.floor(iterations / 4)),
    () =>
      getOrganisationInsights(app.db, { from: new Date(now - 365 * 86_400_000 - ++shift), to: new Date(now - shift) }),
    1,
  );
  const range = { from: new Date(now - 365 * 86_400_000), to: new Date(now) };
  const warm = await time(iterations, () => getOrganisationInsights(app.db, range), 1);
  const rows = (await getOrganisationInsights(app.db, range)).length;
  sqlite.close();
  fs.rmSync(app.dir, { recursive: true, force: true });
  return { seedSeconds, projects: rows, moves: Number(perProject) * 4 * organisationYear.projects, cold, warm };
}
