import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Page } from "@playwright/test";
import { openDatabase, type Db } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { systemActor } from "../server/domain/permissions";
import { addUser } from "../server/services/add-user";
import { applyPipeline } from "../server/services/apply-pipeline";
import { createProjectToken } from "../server/services/create-project-token";
import { createRelease } from "../server/services/create-release";

export const benchUser = { email: "bench@example.com", password: "benchmark-password", name: "Bench" };

/** A fresh database in a temp folder with one project, a CI token, a release and a user. */
export async function freshDatabase(name: string): Promise<{ file: string; db: Db; token: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `releaseboard-bench-${name}-`));
  const file = path.join(dir, "bench.db");
  const db = openDatabase(file);
  await migrateDatabase(db);
  const ctx = { db, actor: systemActor };
  await applyPipeline({
    ctx,
    input: {
      project: "bench",
      name: "Bench",
      environments: [
        { slug: "dev", name: "Development" },
        { slug: "qa", name: "QA", requiredChecks: ["unit"] },
        { slug: "staging", name: "Staging", requiredChecks: ["e2e"] },
        { slug: "production", name: "Production", requiredSignoffs: 1 },
      ],
    },
  });
  const { token } = await createProjectToken({ ctx, input: { project: "bench", name: "bench" } });
  await createRelease({ ctx, input: { project: "bench", version: "1.0.0" } });
  // A release manager, so the browser benchmark can drag.
  await addUser({ ctx, input: { ...benchUser, role: "release_manager" } });
  return { file, db, token, dir };
}

/** Peak resident memory growth of a process while `work` runs, sampled from /proc. */
export async function peakRssGrowth<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; growthMiB: number | null }> {
  const rss = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      return m ? Number(m[1]) * 1024 : null;
    } catch {
      return null;
    }
  };
  const before = rss();
  let peak = before ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rss() ?? 0);
  }, 5);
  try {
    const result = await work();
    peak = Math.max(peak, rss() ?? 0);
    return { result, growthMiB: before === null ? null : (peak - before) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length };
};

/** Runs `work` `warmup` times untimed, then `iterations` times timed: the summary of those times in ms. */
export async function time(iterations: number, work: () => unknown, warmup: number) {
  for (let i = 0; i < Math.min(warmup, iterations); i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  return summary(samples);
}

/** Signs the bench user in at the server on `port`, and waits for the app's main navigation. */
export async function signIn(page: Page, port: number) {
  await page.goto(`http://localhost:${port}/login`);
  await page.getByLabel("Email").fill(benchUser.email);
  await page.getByLabel("Password").fill(benchUser.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}

/** Plain inserts for seeding a project's history fast (releases, check results, transitions, audit entries). */
export function historyInserts(sqlite: Db["$client"]) {
  return {
    release: sqlite.prepare(
      `insert into releases (project_id, version, commit_sha, branch, notes, state, environment_id, entered_at, actor_type, actor_id, actor_name, created_at)
     values (?, ?, ?, 'main', ?, ?, ?, ?, 'token', 'bench', 'CI', ?)`,
    ),
    result: sqlite.prepare(
      `insert into check_results (release_id, environment_id, check_name, status, tests, failures, summary, actor_type, actor_id, actor_name, created_at)
     values (?, ?, ?, ?, 120, ?, ?, 'token', 'bench', 'CI', ?)`,
    ),
    transition: sqlite.prepare(
      `insert into transitions (project_id, release_id, from_environment_id, to_environment_id, kind, overridden_gates, actor_type, actor_id, actor_name, created_at)
     values (?, ?, ?, ?, ?, '[]', 'user', 'bench', 'Rita', ?)`,
    ),
    audit: sqlite.prepare(
      `insert into audit_events (project_id, environment_id, release_id, kind, summary, actor_type, actor_id, actor_name, created_at)
     values (?, ?, ?, ?, ?, 'user', ?, ?, ?)`,
    ),
  };
}
