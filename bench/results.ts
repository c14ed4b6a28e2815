import { fork, spawn } from "node:child_process";
import path from "node:path";
import { exited, startServer } from "../server/testing/spawn-server";
import { systemActor } from "../server/domain/permissions";
import { applyPipeline } from "../server/services/apply-pipeline";
import { createProjectToken } from "../server/services/create-project-token";
import { createRelease } from "../server/services/create-release";
import type { Db } from "../db/client";
import { freshDatabase, historyInserts } from "./setup";

type Run = { rps: number; p50: number; p99: number; non2xx: number; errors: number };
const autocannonBin = path.resolve(__dirname, "../node_modules/autocannon/autocannon.js");
const body = JSON.stringify({ environment: "dev", check: "unit", status: "passed", summary: "120 passed" });

/** autocannon in its own process, so the load generator does not share a CPU budget with its own event loop. */
export function autocannon(
  url: string,
  seconds: number,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    rate?: number;
  } = {},
): Promise<Run> {
  const args = [autocannonBin, "-c", String(options.connections ?? 10), "-d", String(seconds), "-j"];
  if (options.rate) args.push("-R", String(options.rate));
  if (options.method) args.push("-m", options.method);
  for (const [k, v] of Object.entries(options.headers ?? {})) args.push("-H", `${k}: ${v}`);
  if (options.body) args.push("-b", options.body);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out);
      resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors });
    });
  });
}

/**
 * The common case: the next environment auto-promotes and needs two checks, so every
 * result reads the gate facts of its release and decides not to move (e2e never passes).
 */
export async function gatedProject(app: { db: Db }) {
  const ctx = { db: app.db, actor: systemActor };
  await applyPipeline({
    ctx,
    input: {
      project: "gated",
      name: "Gated",
      environments: [
        { slug: "dev", name: "Development" },
        { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["unit", "e2e"] },
        { slug: "production", name: "Production", requiredSignoffs: 1 },
      ],
    },
  });
  for (let i = 0; i < 20; i++) await createRelease({ ctx, input: { project: "gated", version: `2.0.${i}` } });
  return (await createProjectToken({ ctx, input: { project: "gated", name: "bench" } })).token;
}

/** The bench's floor: bare-server.ts on its own database, in its own process. */
async function startBare(port: number) {
  const bare = await freshDatabase("bare");
  const reference = fork(path.join(__dirname, "bare-server.ts"), [bare.file, String(port)], {
    execArgv: ["--import", "tsx"],
    stdio: "ignore",
  });
  await new Promise((resolve) => reference.once("message", resolve));
  return reference;
}

const bareRun = (port: number, seconds: number) =>
  autocannon(`http://localhost:${port}/`, seconds, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });

export async function benchResults(seconds: number, rounds: number) {
  const app = await freshDatabase("results");
  const gatedToken = await gatedProject(app);
  const appPort = 3301;
  const barePort = 3302;
  const server = await startServer(app.file, appPort);
  const reference = await startBare(barePort);

  const targets = {
    results: () =>
      autocannon(`http://localhost:${appPort}/api/v1/projects/bench/releases/1.0.0/results`, seconds, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${app.token}` },
        body,
      }),
    gated: () =>
      autocannon(`http://localhost:${appPort}/api/v1/projects/gated/releases/2.0.19/results`, seconds, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${gatedToken}` },
        body,
      }),
    health: () => autocannon(`http://localhost:${appPort}/api/health`, seconds),
    bare: () => bareRun(barePort, seconds),
  };
  try {
    // Warm-up: JIT, Next's route modules, SQLite's page cache.
    for (const run of Object.values(targets)) await run.call(null).catch(() => undefined);
    const runs: Record<keyof typeof targets, Run[]> = { results: [], gated: [], health: [], bare: [] };
    for (let round = 0; round < rounds; round++) {
      for (const name of Object.keys(targets) as (keyof typeof targets)[]) {
        runs[name].push(await targets[name]());
      }
    }
    const mean = (rs: Run[]) => ({
      rps: rs.reduce((s, r) => s + r.rps, 0) / rs.length,
      p50: rs.reduce((s, r) => s + r.p50, 0) / rs.length,
      p99: Math.max(...rs.map((r) => r.p99)),
      non2xx: rs.reduce((s, r) => s + r.non2xx + r.errors, 0),
    });
    return { results: mean(runs.results), gated: mean(runs.gated), health: mean(runs.health), bare: mean(runs.bare) };
  } finally {
    server.kill("SIGTERM");
    reference.kill("SIGTERM");
    await exited(server);
  }
}

/**
 * Posting to one release on the gate-evaluating path while its history grows from 0 to
 * `upTo` results (issue 31: the cost of a result must not grow with the release's history).
 * Between windows, results of the same checks are added with plain inserts (the trigger keeps
 * the latest rows, as for any insert); the bare reference runs right after each window.
 */
export async function benchResultsHistory(seconds: number, steps = [0, 10_000, 50_000, 100_000]) {
  const app = await freshDatabase("results-history");
  const token = await gatedProject(app);
  const appPort = 3304;
  const barePort = 3305;
  const release = app.db.$client
    .prepare("select id, environment_id as env from releases where version = '2.0.19'")
    .get() as { id: number; env: number };
  const count = app.db.$client.prepare("select count(*) as n from check_results where release_id = ?");
  const results = () => (count.get(release.id) as { n: number }).n;
  const insert = historyInserts(app.db.$client).result;
  const addResults = app.db.$client.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      const check = i % 2 ? "unit" : "e2e";
      insert.run(release.id, release.env, check, check === "unit" ? "passed" : "failed", 0, "seeded", Date.now());
    }
  });
  const server = await startServer(app.file, appPort);
  const reference = await startBare(barePort);
  const post = (version = "2.0.19") =>
    autocannon(`http://localhost:${appPort}/api/v1/projects/gated/releases/${version}/results`, seconds, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
    });
  try {
    // Warm-up on another release of the project, so the measured one starts with no results.
    await post("2.0.18");
    await bareRun(barePort, Math.min(seconds, 3));
    const windows: { results: number; run: Run; bare: Run }[] = [];
    for (const step of steps) {
      const have = results();
      if (step > have) addResults(step - have);
      const at = results();
      const run = await post();
      windows.push({ results: at, run, bare: await bareRun(barePort, seconds) });
    }
    return windows;
  } finally {
    server.kill("SIGTERM");
    reference.kill("SIGTERM");
    await exited(server);
  }
}
