import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { chainHash, genesisHash, type ChainEntry } from "../server/domain/audit-chain";
import { routeApi } from "../server/http/routes";
import { freshDatabase } from "./setup";
import { gatedProject } from "./results";

/**
 * README: Evidence — what the audit chain costs the write path. In one process and one run: the
 * gated result webhook (POST …/results through the whole API path: authentication, group commit,
 * gate facts, the activity entry) posted `count` times in a row, as results/s with the chain as it
 * is; then the chain's own steps for the same entries — reading the previous entry's hash and the
 * SHA-256 over it and the entry's encoding — timed alone over the entries just written. Without
 * them is that time less the chain's share: there is no switch that turns the chain off, on purpose.
 */
export async function benchAuditWrite(count: number) {
  const app = await freshDatabase("audit-write");
  const token = await gatedProject(app);
  const post = (i: number) =>
    routeApi(
      app.db,
      new Request("http://bench.invalid/api/v1/projects/gated/releases/2.0.0/results", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ environment: "dev", check: "unit", status: i % 2 ? "passed" : "failed" }),
      }),
    );
  const sqlite = app.db.$client;
  const lastId = () => (sqlite.prepare("select max(id) as id from audit_events").get() as { id: number }).id;
  for (let i = 0; i < Math.min(200, count); i++) await post(i); // warm-up: prepared statements, JIT
  const firstId = lastId();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await post(i);
    if (response.status !== 201 && response.status !== 200) throw new Error(`result answered ${response.status}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const entries = lastId() - firstId;

  // The chain's steps alone, over the entries just written: the previous hash read as recordAudit
  // reads it (the newest entry), then the hash of the entry over it. Repeated to time it steadily.
  const rows = sqlite
    .prepare(
      "select id, created_at as createdAt, kind, project_id as projectId, environment_id as environmentId, release_id as releaseId, actor_type as actorType, actor_id as actorId, actor_name as actorName, summary, detail from audit_events where id > ? order by id",
    )
    .all(firstId) as (Omit<ChainEntry, "detail"> & { detail: string | null })[];
  const previous = sqlite.prepare("select id, hash from audit_events order by id desc limit 1");
  const rounds = 5;
  const c0 = performance.now();
  let sink = genesisHash;
  for (let r = 0; r < rounds; r++)
    for (const row of rows) {
      const last = previous.get() as { hash: string };
      sink = chainHash(last.hash ?? sink, { ...row, detail: row.detail === null ? null : JSON.parse(row.detail) });
    }
  const chainSecondsPerEntry = (performance.now() - c0) / 1000 / (rounds * rows.length);
  const chainSeconds = chainSecondsPerEntry * entries;
  app.db.$client.close();
  fs.rmSync(app.dir, { recursive: true, force: true });
  const withChain = count / seconds;
  const bare = count / (seconds - chainSeconds);
  return {
    count,
    entriesPerResult: entries / count,
    withChain,
    bare,
    chainMicrosPerEntry: chainSecondsPerEntry * 1e6,
    cost: 1 - withChain / bare,
  };
}
