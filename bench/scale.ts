import { first } from "../db/client";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { environments, projects } from "../db/schema";
import { systemActor } from "../server/domain/permissions";
import { applyPipeline } from "../server/services/apply-pipeline";
import { historyInserts } from "./setup";

export const scale = { releases: 5_000, active: 500, results: 200_000, auditEntries: 100_000 };
const checks = ["unit", "lint", "e2e", "smoke"];

/**
 * A project at the scale of the board benchmark: 5,000 releases of which 500 are still
 * on the board, 200,000 check results, a transition trail for each release, and an
 * activity log of 100,000 entries. Written with plain statements in one transaction:
 * the verbs would take minutes, and the shape of the data is what is being measured.
 */
export async function seedScale(db: Db, slug = "scale") {
  await applyPipeline({
    ctx: { db, actor: systemActor },
    input: {
      project: slug,
      name: "Scale",
      environments: [
        { slug: "dev", name: "Development" },
        { slug: "qa", name: "QA", requiredChecks: ["unit", "lint"] },
        { slug: "staging", name: "Staging", requiredChecks: ["e2e"], manualTasks: ["Check dashboards"] },
        { slug: "production", name: "Production", requiredChecks: ["smoke"], requiredSignoffs: 2 },
      ],
    },
  });
  const project = (await first(db.select().from(projects).where(eq(projects.slug, slug))))!;
  const envs = await db
    .select()
    .from(environments)
    .where(eq(environments.projectId, project.id))
    .orderBy(environments.position);
  const sqlite = db.$client;
  const { release, result, transition, audit } = historyInserts(sqlite);
  const start = Date.now() - scale.releases * 3_600_000;
  const resultsPerRelease = scale.results / scale.releases;
  const auditPerRelease = scale.auditEntries / scale.releases;
  sqlite.transaction(() => {
    for (let i = 0; i < scale.releases; i++) {
      const at = start + i * 3_600_000;
      // The newest 500 are active, spread over the board; the rest were superseded long ago.
      const active = i >= scale.releases - scale.active;
      const env = active
        ? envs[Math.min(envs.length - 1, Math.floor(((scale.releases - 1 - i) / scale.active) * 6) % envs.length)]!
        : envs.at(-1)!;
      const id = Number(
        release.run(
          project.id,
          `1.${Math.floor(i / 100)}.${i % 100}`,
          (i * 2654435761).toString(16).padStart(12, "0"),
          `Release ${i}`,
          active ? "active" : "superseded",
          env.id,
          at,
          at,
        ).lastInsertRowid,
      );
      for (let r = 0; r < resultsPerRelease; r++) {
        const checkEnv = envs[r % envs.length]!;
        const failed = (i + r) % 7 === 0;
        result.run(
          id,
          checkEnv.id,
          checks[r % checks.length],
          failed ? "failed" : "passed",
          failed ? 3 : 0,
          failed ? "3 failed" : "120 passed",
          at + r * 1000,
        );
      }
      transition.run(project.id, id, null, envs[0]!.id, "create", at);
      if (env.id !== envs[0]!.id) transition.run(project.id, id, envs[0]!.id, env.id, "promote", at + 60_000);
      for (let a = 0; a < auditPerRelease; a++) {
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
  return { project: slug, activeVersion: "1.49.99" };
}
