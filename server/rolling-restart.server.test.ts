import type { ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rawRows, type Db } from "../db/client";
import { closePostgresDatabase, openPostgresDatabase } from "../db/client-postgres";
import { startPostgres, type TestPostgres } from "./testing/postgres";
import { exited, startServer } from "./testing/spawn-server";
import { startBalancer } from "./testing/balancer";
import { freePort } from "./testing/free-port";
import { testContext, userActor } from "./testing/test-db";
import { givenProject } from "./testing/fixtures";
import { until } from "./testing/until";
import { createRelease } from "./services/create-release";
import { createProjectToken } from "./services/create-project-token";

/**
 * Issue 30, a rolling restart (README: Faults, Running several instances): two instances on one
 * Postgres behind a load balancer, two CI jobs posting results through it the whole time, and each
 * instance in turn stopped with SIGTERM and started again, as an upgrade does. No request the
 * client did not see refused is lost: every one is answered 201 (none reset, none a 502 from the
 * balancer), every acknowledged result is stored, and each instance exits 0, drained.
 */
let cluster: TestPostgres;
let db: Db;
let balancer: Awaited<ReturnType<typeof startBalancer>>;
const servers: ChildProcess[] = [];
const ports: number[] = [];
let token: string;
const env = () => ({ DATABASE_URL: cluster.url, AUTH_SECRET: "a-shared-secret-of-at-least-32-characters!" });

beforeAll(async () => {
  cluster = await startPostgres();
  ports.push(await freePort(), await freePort());
  servers.push(...(await Promise.all(ports.map((port) => startServer("unused.db", port, env())))));
  balancer = await startBalancer(ports);
  db = openPostgresDatabase(cluster.url, { poolSize: 2 });
  const ctx = testContext(db, userActor("admin"), new Date());
  await givenProject(ctx, "rolling", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA" },
  ]);
  await createRelease({ ctx, input: { project: "rolling", version: "1.0.0" } });
  token = (await createProjectToken({ ctx, input: { project: "rolling", name: "ci" } })).token;
}, 180_000);

afterAll(async () => {
  const running = servers.filter((server) => server.exitCode === null && server.signalCode === null);
  for (const server of running) server.kill("SIGTERM");
  await Promise.all(running.map((server) => exited(server)));
  await balancer?.close();
  await closePostgresDatabase(cluster.url);
  await cluster.stop();
});

it("loses no request while each instance behind the balancer is restarted in turn under load", async () => {
  const acknowledged: string[] = [];
  const unexpected: string[] = [];
  let stop = false;
  let n = 0;
  const load = async () => {
    while (!stop) {
      const check = `rolling-${n++}`;
      try {
        const response = await fetch(`${balancer.url}/api/v1/projects/rolling/releases/1.0.0/results`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": check },
          body: JSON.stringify({ environment: "dev", check, status: "passed" }),
        });
        const text = await response.text();
        if (response.status === 201) acknowledged.push(check);
        else unexpected.push(`${check}: ${response.status} ${text.slice(0, 200)}`);
      } catch (error) {
        unexpected.push(`${check}: ${String(error)}`);
      }
    }
  };
  const jobs = [load(), load()];
  await until(() => acknowledged.length >= 30, 60_000);

  const exitCodes: (number | null)[] = [];
  for (const index of [0, 1]) {
    servers[index]!.kill("SIGTERM");
    exitCodes.push(await exited(servers[index]!));
    // The other instance carries the load alone for a while.
    const alone = acknowledged.length;
    await until(() => acknowledged.length >= alone + 20, 60_000);
    servers[index] = await startServer("unused.db", ports[index]!, env());
    const served = balancer.served.get(ports[index]!)!;
    // The restarted instance takes its share again.
    await until(() => balancer.served.get(ports[index]!)! >= served + 10, 60_000);
  }
  stop = true;
  await Promise.all(jobs);

  expect(unexpected).toEqual([]);
  expect(exitCodes).toEqual([0, 0]);
  const stored = new Set(
    (await rawRows<{ check_name: string }>(db, sql`select check_name from check_results`)).map((r) => r.check_name),
  );
  expect(acknowledged.filter((check) => !stored.has(check))).toEqual([]);
  expect(acknowledged.length).toBeGreaterThan(80);
}, 240_000);
