import fs from "node:fs";
import Database from "better-sqlite3";
import { exited, startServer } from "../server/testing/spawn-server";
import { openViewer, serverMetrics, signInCookie, type Viewer } from "../server/testing/live-viewer";
import { systemActor } from "../server/domain/permissions";
import { addUser } from "../server/services/add-user";
import { createRelease } from "../server/services/create-release";
import { streamsPerPerson } from "../server/live/feed";
import { autocannon } from "./results";
import { freshDatabase, summary } from "./setup";

/**
 * A release day (issue: two hundred people watching one board while CI reports): simulated
 * viewers over real SSE, each with one `board.events` stream, patching the board it holds
 * with the change each update carries and fetching `board.board` only when a patch does not
 * apply (never two fetches at once, server/testing/live-viewer.ts), while CI posts results at
 * a steady 10/s and /api/health is polled. Then how many idle streams one server holds, and
 * the memory each costs.
 */
const password = "release-day-password";
const project = "bench";
const releases = 20;

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

export type ReleaseDayRow = {
  viewers: number;
  resultsPerSecond: number;
  post: { p50: number; p99: number; non2xx: number };
  health: { p99: number };
  refetchesPerSecond: number;
  freshness: { p50: number; p95: number };
  /** From an event's commit (its `createdAt`) to a viewer holding a board that includes it. */
  lag: { p50: number; p95: number };
  patchesPerViewer: number;
  changesPerSecond: number;
  computationsPerSecond: number;
  updatesPerViewer: number;
};

export async function benchReleaseDay(options: { seconds: number; viewerCounts: number[]; streams: number }) {
  const app = await freshDatabase("release-day");
  const ctx = { db: app.db, actor: systemActor };
  for (let i = 1; i < releases; i++) await createRelease({ ctx, input: { project, version: `1.0.${i}` } });
  const people = Math.ceil(Math.max(options.streams, ...options.viewerCounts) / streamsPerPerson);
  for (let i = 0; i < people; i++)
    await addUser({ ctx, input: { email: `viewer${i}@example.com`, name: `Viewer ${i}`, role: "viewer", password } });
  await addUser({ ctx, input: { email: "admin@example.com", name: "Admin", role: "admin", password } });
  const port = 3441;
  const server = await startServer(app.file, port);
  // The bench's own reads of the log (changes counted), on its own connection.
  const log = new Database(app.file, { readonly: true });
  const lastEvent = () => (log.prepare("select max(id) as id from audit_events").get() as { id: number }).id;
  const rows: ReleaseDayRow[] = [];
  try {
    const admin = await signInCookie(port, "admin@example.com", password);
    const cookies: string[] = [];
    for (let i = 0; i < people; i++) cookies.push(await signInCookie(port, `viewer${i}@example.com`, password));
    const postUrl = (version: string) =>
      `http://localhost:${port}/api/v1/projects/${project}/releases/${version}/results`;
    const post = {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${app.token}` },
      body: JSON.stringify({ environment: "dev", check: "unit", status: "passed", summary: "120 passed" }),
    };
    // Warm-up: JIT, Next's route modules, SQLite's page cache.
    await autocannon(postUrl("1.0.0"), 2, { ...post, connections: 1, rate: 10 });
    await autocannon(`http://localhost:${port}/api/health`, 2, { connections: 1, rate: 20 });

    // First, before the viewer runs leave garbage behind: how many idle streams one server holds,
    // and what each costs (RSS of the whole process, after the warm-up).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const baseline = rssMiB(server.pid!);
    const idle: Viewer[] = [];
    for (let i = 0; i < options.streams; i += 50) {
      const batch = Array.from({ length: Math.min(50, options.streams - i) }, (_, j) =>
        openViewer(port, cookies[Math.floor((i + j) / streamsPerPerson)]!, project, { refetch: false }),
      );
      idle.push(...(await Promise.all(batch)));
    }
    const opened = idle.filter((v) => !v.errors.length).length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const held = rssMiB(server.pid!);
    const metrics = await serverMetrics(port, admin);
    // One more stream for a person already at the limit: refused.
    const extra = await openViewer(port, cookies[0]!, project, { refetch: false });
    for (let i = 0; i < 100 && !extra.errors.length; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    // One change reaches every idle stream.
    const reached = Date.now();
    const target = lastEvent() + 1;
    await fetch(postUrl("1.0.0"), post);
    while (Date.now() - reached < 10_000 && idle.some((v) => !v.errors.length && v.lastId < target))
      await new Promise((resolve) => setTimeout(resolve, 20));
    const fanOutMs = Date.now() - reached;
    const allReached = idle.every((v) => v.errors.length || v.lastId >= target);
    for (const viewer of [...idle, extra]) viewer.close();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const streams = {
      asked: options.streams,
      opened,
      open: metrics.releaseboard_live_streams!,
      baselineMiB: baseline,
      heldMiB: held,
      perStreamKiB: ((held - baseline) * 1024) / Math.max(1, opened),
      refusedExtra: extra.errors.join(" ").slice(0, 120),
      fanOutMs: allReached ? fanOutMs : NaN,
    };

    for (const count of options.viewerCounts) {
      const viewers: Viewer[] = [];
      for (let i = 0; i < count; i++) viewers.push(await openViewer(port, cookies[i % people]!, project));
      const refused = viewers.flatMap((v) => v.errors);
      if (refused.length) throw new Error(`viewers refused: ${refused[0]}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = await serverMetrics(port, admin);
      const firstEvent = lastEvent();
      const fetchesBefore = viewers.reduce((s, v) => s + v.fetches, 0);
      for (const viewer of viewers) viewer.freshness.length = viewer.lag.length = 0;
      const started = performance.now();
      // Results for one release at 10/s on one connection (a CI's steady reporting), and
      // the liveness check at 20/s on another, both from their own processes.
      const [posted, health] = await Promise.all([
        autocannon(postUrl(`1.0.${count % releases}`), options.seconds, { ...post, connections: 1, rate: 10 }),
        autocannon(`http://localhost:${port}/api/health`, options.seconds, { connections: 2, rate: 20 }),
      ]);
      const last = lastEvent();
      // Let the viewers catch up with the last result before counting.
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && viewers.some((v) => v.boardAsOf < last))
        await new Promise((resolve) => setTimeout(resolve, 50));
      const elapsed = (performance.now() - started) / 1000;
      const after = await serverMetrics(port, admin);
      const behind = viewers.filter((v) => v.boardAsOf < last).length;
      if (behind) console.warn(`  ${behind} of ${count} viewers did not reach the last board within 10 s`);
      const fresh = summary(viewers.flatMap((v) => v.freshness));
      const lag = summary(viewers.flatMap((v) => v.lag));
      rows.push({
        viewers: count,
        resultsPerSecond: posted.rps,
        post: { p50: posted.p50, p99: posted.p99, non2xx: posted.non2xx + posted.errors },
        health: { p99: health.p99 },
        refetchesPerSecond: (viewers.reduce((s, v) => s + v.fetches, 0) - fetchesBefore) / elapsed,
        freshness: { p50: fresh.p50, p95: fresh.p95 },
        lag: { p50: lag.p50, p95: lag.p95 },
        patchesPerViewer: viewers.reduce((s, v) => s + v.patches, 0) / count,
        changesPerSecond: (last - firstEvent) / elapsed,
        computationsPerSecond:
          (after.releaseboard_board_computations_total! - before.releaseboard_board_computations_total!) / elapsed,
        updatesPerViewer: viewers.reduce((s, v) => s + v.updates, 0) / count,
      });
      for (const viewer of viewers) viewer.close();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }

    return { rows, streams };
  } finally {
    log.close();
    server.kill("SIGTERM");
    await exited(server);
  }
}
