import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { applyPipeline } from "../services/apply-pipeline";
import { createProjectToken } from "../services/create-project-token";
import { routeApi } from "./routes";

let t: TestDb;
let token: string;
beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await applyPipeline({ ctx, input: { project: "shop", name: "Shop", environments: [{ slug: "dev", name: "Dev" }] } });
  token = (await createProjectToken({ ctx, input: { project: "shop", name: "ci" } })).token;
});
afterEach(() => t.close());

const call = (method: string, path: string, body?: unknown) =>
  routeApi(
    t.db,
    new Request(`http://localhost${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );

it("dispatches each endpoint, with %-escapes in the path decoded", async () => {
  expect((await call("POST", "/api/v1/projects/shop/releases", { version: "2.0+beta/1" })).status).toBe(201);
  const got = await call("GET", "/api/v1/projects/shop/releases/2.0%2Bbeta%2F1");
  expect(got.status).toBe(200);
  expect(await got.json()).toMatchObject({ version: "2.0+beta/1" });
  const result = await call("POST", "/api/v1/projects/shop/releases/2.0%2Bbeta%2F1/results", {
    environment: "dev",
    check: "unit",
    status: "passed",
  });
  expect(result.status).toBe(201);
});

it("answers 405 with Allow for a known path, 404 for an unknown one, 400 for a broken escape", async () => {
  const wrongMethod = await call("GET", "/api/v1/projects/shop/releases");
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.headers.get("allow")).toBe("POST");
  expect((await call("POST", "/api/v1/projects/shop/nothing", {})).status).toBe(404);
  expect((await call("GET", "/api/v1/projects/shop/releases/%E0%A4%A")).status).toBe(400);
});
