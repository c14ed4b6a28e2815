import { writeTransaction } from "../db/client";
import { performance } from "node:perf_hooks";
import type { Db } from "../db/client";
import { systemActor, type Actor } from "../server/domain/permissions";
import { addUser } from "../server/services/add-user";
import { applyPipeline } from "../server/services/apply-pipeline";
import { createCaller } from "../server/trpc/router";
import { getOverview, overviewReuseMs } from "../server/queries/overview";
import { withSignedInPage } from "./browser";
import { freshDatabase, summary, time } from "./setup";
import { liveParts } from "../server/runtime";

export const organisation = { projects: 300, environments: 5, activePerProject: 20 };
const owner = { email: "owner@example.com", password: "benchmark-password", name: "Olive Owner" };

/**
 * An organisation on one instance: 300 projects of 5 environments, each with 20 active
 * releases spread over its pipeline, results in each release's environment and some
 * sign-offs. Pipelines through the verb (as `pipeline apply` would), releases and results
 * with plain inserts in one transaction (the verbs would take minutes).
 */
export async function seedOrganisation(db: Db) {
  const sqlite = db.$client;
  sqlite.pragma("synchronous = OFF");
  const ctx = { db, actor: systemActor };
  await writeTransaction(db, async () => {
    for (let p = 0; p < organisation.projects; p++) {
      await applyPipeline({
        ctx,
        input: {
          project: `service-${String(p).padStart(3, "0")}`,
          name: `Service ${String(p).padStart(3, "0")}`,
          environments: [
            { slug: "dev", name: "Development" },
            { slug: "qa", name: "QA", requiredChecks: ["unit", "lint"], autoPromote: true },
            { slug: "staging", name: "Staging", requiredChecks: ["e2e"] },
            { slug: "preprod", name: "Pre-production", requiredChecks: ["smoke"] },
            { slug: "production", name: "Production", requiredSignoffs: 2 },
          ],
        },
      });
    }
  });
  const projects = sqlite.prepare("select id from projects where slug like 'service-%' order by id").all() as {
    id: number;
  }[];
  const envsOf = sqlite.prepare("select id from environments where project_id = ? order by position");
  const release = sqlite.prepare(
    `insert into releases (project_id, version, commit_sha, branch, notes, state, environment_id, entered_at, actor_type, actor_id, actor_name, created_at)
     values (?, ?, ?, 'main', '## Changes\n- one\n- two', 'active', ?, ?, 'token', 'bench', 'CI', ?)`,
  );
  const result = sqlite.prepare(
    `insert into check_results (release_id, environment_id, check_name, status, tests, failures, summary, actor_type, actor_id, actor_name, created_at)
     values (?, ?, ?, ?, 120, 0, '120 passed', 'token', 'bench', 'CI', ?)`,
  );
  const signoff = sqlite.prepare(
    `insert into signoffs (release_id, environment_id, actor_type, actor_id, actor_name, decision, created_at) values (?, ?, 'user', 'someone-else', 'Sam', 'approve', ?)`,
  );
  const now = Date.now();
  sqlite.transaction(() => {
    for (const project of projects) {
      const envs = (envsOf.all(project.id) as { id: number }[]).map((e) => e.id);
      for (let i = 0; i < organisation.activePerProject; i++) {
        // Newest releases furthest back in the pipeline, as in real life.
        const env = envs[envs.length - 1 - (i % envs.length)]!;
        const at = now - (organisation.activePerProject - i) * 3_600_000;
        const id = Number(
          release.run(project.id, `3.${i}.0`, (project.id * 7919 + i).toString(16).padStart(12, "0"), env, at, at)
            .lastInsertRowid,
        );
        for (const check of ["unit", "lint", "e2e", "smoke"])
          result.run(id, env, check, (id + check.length) % 5 === 0 ? "failed" : "passed", at + 1000);
        if (env === envs[3] && i % 2 === 0) signoff.run(id, envs[4], at + 2000);
      }
    }
  })();
  sqlite.pragma("synchronous = FULL");
  await addUser({ ctx, input: { ...owner, role: "business_owner" } });
  const ownerId = (sqlite.prepare("select id from users where email = ?").get(owner.email) as { id: string }).id;
  sqlite.pragma("optimize");
  return { ownerId };
}

/** Overview and inbox server time in-process, then the overview page in Chromium. */
export async function benchOrganisation(iterations: number, browserLoads: number) {
  const app = await freshDatabase("organisation");
  const t0 = performance.now();
  const { ownerId } = await seedOrganisation(app.db);
  const seedSeconds = (performance.now() - t0) / 1000;
  const viewer: Actor = { type: "user", id: "bench-viewer", name: "Viewer", role: "viewer" };
  const ownerActor: Actor = { type: "user", id: ownerId, name: owner.name, role: "business_owner" };
  const caller = createCaller({ db: app.db, ...liveParts(app.db), actor: viewer });
  const ownerCaller = createCaller({ db: app.db, ...liveParts(app.db), actor: ownerActor });
  const cells = (await caller.board.overview()).reduce((n, p) => n + p.environments.length, 0);
  const inboxItems = (await ownerCaller.account.inbox()).total;
  const overview = await time(iterations, () => caller.board.overview(), 5);
  // Cold: every project summarised again (as after a restart, or once the reuse window passed).
  let later = Date.now();
  const overviewCold = await time(
    Math.max(5, Math.floor(iterations / 4)),
    () => getOverview(app.db, new Date((later += overviewReuseMs + 1))),
    5,
  );
  const inbox = await time(iterations, () => ownerCaller.account.inbox(), 5);
  // The inbox keeps each project's waiting releases while its activity does not move: after a
  // change to one project (the usual case), and after a change to every project (as after a restart).
  // An activity entry is what any change writes; written raw, untimed, before each call.
  const touch = app.db.$client.prepare(
    `insert into audit_events (project_id, kind, summary, actor_type, actor_id, actor_name, created_at)
     values (?, 'project.updated', 'bench', 'user', 'bench', 'Bench', ?)`,
  );
  const projectIds = (app.db.$client.prepare("select id from projects order by id").all() as { id: number }[]).map(
    (p) => p.id,
  );
  let next = 0;
  const inboxOneChanged = await time(
    iterations,
    () => {
      touch.run(projectIds[next++ % projectIds.length], Date.now());
      return ownerCaller.account.inbox();
    },
    2,
  );
  const inboxAllChanged = await time(
    Math.max(5, Math.floor(iterations / 4)),
    () => {
      app.db.$client.transaction(() => projectIds.forEach((id) => touch.run(id, Date.now())))();
      return ownerCaller.account.inbox();
    },
    2,
  );
  app.db.$client.close();

  const port = 3307;
  return withSignedInPage(app.file, port, async (page) => {
    const loads: number[] = [];
    for (let i = 0; i < browserLoads + 1; i++) {
      const started = Date.now();
      await page.goto(`http://localhost:${port}/`);
      // Interactive: the last project's row is on the page and its link can be used.
      await page.getByRole("list", { name: "Service 299 environments" }).waitFor();
      if (i > 0) loads.push(Date.now() - started);
    }
    return {
      seedSeconds,
      cells,
      inboxItems,
      overview,
      overviewCold,
      inbox,
      inboxOneChanged,
      inboxAllChanged,
      page: summary(loads),
    };
  });
}
