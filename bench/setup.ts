import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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
  migrateDatabase(db);
  const ctx = { db, actor: systemActor };
  applyPipeline({
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
  const { token } = createProjectToken({ ctx, input: { project: "bench", name: "bench" } });
  createRelease({ ctx, input: { project: "bench", version: "1.0.0" } });
  // A release manager, so the browser benchmark can drag.
  await addUser({ ctx, input: { ...benchUser, role: "release_manager" } });
  return { file, db, token, dir };
}

/** Peak resident memory growth of a process while `work` runs, sampled from /proc. */
export async function peakRssGrowth<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; growthMiB: number | null }> {
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
