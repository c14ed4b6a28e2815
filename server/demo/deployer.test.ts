import { first } from "../../db/client";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { auditEvents, deployments } from "../../db/schema";
import { createTestDb, userActor, type TestDb } from "../testing/test-db";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { serveApiFast } from "../http/fast-path";
import { startDispatcher } from "../jobs/dispatcher";
import { outboundEnvFrom } from "../config";
import { demoDeployerPath, serveDemoDeployer } from "./deployer";
import { givenProject } from "../testing/fixtures";

let t: TestDb | undefined;
let server: http.Server | undefined;
let stop: (() => void) | undefined;
afterEach(async () => {
  stop?.();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await t?.close();
});

it("the demo deployer verifies the request and reports in progress, then success, through the API", async () => {
  t = await createTestDb();
  const db = t.db;
  let port = 0;
  server = http.createServer((req, res) => {
    if (req.url?.startsWith("/api/v1/")) return void serveApiFast(db, req, res, `http://127.0.0.1:${port}`);
    if (req.url === demoDeployerPath) return void serveDemoDeployer(db, port, req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  const ctx = { db, actor: userActor("release_manager", "Rita") };
  await givenProject(ctx, { slug: "search-api", name: "Search API" }, [
    { slug: "dev", name: "Development" },
    {
      slug: "production",
      name: "Production",
      deploy: { webhook: { url: `http://127.0.0.1:${port}${demoDeployerPath}` } },
    },
  ]);
  await createRelease({ ctx, input: { project: "search-api", version: "1.0.0" } });
  await moveRelease({ ctx, input: { project: "search-api", version: "1.0.0", to: "production" } });
  const dispatcher = startDispatcher(db, {
    env: outboundEnvFrom({ ...process.env, RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "1" }),
    log: () => {},
  });
  stop = () => dispatcher.stop();
  const seen = new Set<string>();
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const status = (await first(db.select().from(deployments)))!.status;
    seen.add(status);
    if (status === "succeeded") break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect([...seen]).toEqual(["requested", "in_progress", "succeeded"]);
  const reports = (await db.select().from(auditEvents).orderBy(asc(auditEvents.id))).filter(
    (e) => e.kind === "deployment.reported",
  );
  expect(reports.map((r) => [r.actorName, r.summary])).toEqual([
    ["Signed webhook", "deploy of 1.0.0 to Production in progress: Rolling out (demo deployer)"],
    ["Signed webhook", "deploy of 1.0.0 to Production succeeded: Rolled out by the demo deployer"],
  ]);
});
