import fs from "node:fs";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { checkResults, deliveries } from "../../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../../testing/test-db";
import { exited, startServer } from "../../testing/spawn-server";
import { givenProject } from "../../testing/fixtures";
import { addUser } from "../../services/add-user";
import { createRelease } from "../../services/create-release";
import { createProjectToken } from "../../services/create-project-token";

/**
 * Reports are parsed on worker threads (server/http/reports/report-pool.ts), whose file must
 * load in the production server (`npm start`: tsx server/main.ts) and, for a delivery sent
 * again from the settings page, inside Next's server bundle. Needs the build (`npm run test:server`).
 */
const port = 3340 + Math.floor(Math.random() * 8);
const origin = `http://localhost:${port}`;
let t: TestDb;
let server: ChildProcess;
let token: string;

const fixture = (...parts: string[]) => fs.readFileSync(path.join(__dirname, "..", "fixtures", ...parts));

beforeAll(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, "api", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA" },
  ]);
  token = (await createProjectToken({ ctx, input: { project: "api", name: "ci" } })).token;
  await addUser({
    ctx,
    input: { email: "rm@example.com", name: "Rita", role: "release_manager", password: "correct horse" },
  });
  await createRelease({ ctx, input: { project: "api", version: "1.0.0" } });
  server = await startServer(t.file, port);
}, 90_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  if (server) await exited(server);
  await t?.close();
});

const post = (body: Buffer, contentType: string, check: string) =>
  fetch(`${origin}/api/v1/projects/api/releases/1.0.0/results?environment=dev&check=${check}`, {
    method: "POST",
    headers: { "content-type": contentType, authorization: `Bearer ${token}` },
    body: new Uint8Array(body),
  });

it("the production server parses JUnit, TRX and Cucumber reports on its worker threads", async () => {
  const junit = await post(fixture("junit", "pytest.xml"), "application/xml", "pytest");
  expect(junit.status).toBe(201);
  expect(await junit.json()).toMatchObject({ status: "failed", failures: 1 });
  const trx = await post(fixture("trx", "xunit-dorny.trx"), "application/xml", "dotnet");
  expect(trx.status).toBe(201);
  expect(await trx.json()).toMatchObject({ tests: 11, failures: 5, skipped: 1 });
  const cucumber = await post(
    fixture("cucumber", "cucumber-js-failing-passing-pending-scenarios.json"),
    "application/json",
    "bdd",
  );
  expect(cucumber.status).toBe(201);
  expect(await cucumber.json()).toMatchObject({ tests: 3, failures: 2 });
  const broken = await post(Buffer.from("<TestRun><Results>"), "application/xml", "dotnet");
  expect(broken.status).toBe(400);
  expect((await broken.json()).detail).toMatch(/not well-formed/);
});

it("a TRX delivery sent again from the settings page is parsed the same (inside Next's bundle)", async () => {
  const signIn = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email: "rm@example.com", password: "correct horse" }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
  const stored = (
    await t.db.select().from(deliveries).where(eq(deliveries.endpoint, "results.create")).orderBy(desc(deliveries.id))
  ).find((d) => d.statusCode === 201 && d.path?.includes("check=dotnet"))!;
  expect(stored).toBeTruthy();
  const answer = await fetch(`${origin}/api/trpc/settings.redeliver?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, cookie },
    body: JSON.stringify({ "0": { json: { project: "api", id: stored.id } } }),
  });
  expect(answer.status).toBe(200);
  const [first] = (await answer.json()) as { result: { data: { json: { status: number; body: unknown } } } }[];
  expect(first!.result.data.json).toMatchObject({ status: 201, body: { tests: 11, failures: 5, skipped: 1 } });
  expect(await t.db.select().from(checkResults).where(eq(checkResults.checkName, "dotnet"))).toHaveLength(2);
});
