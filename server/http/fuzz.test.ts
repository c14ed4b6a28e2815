import { first } from "../../db/client";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { checkResults, idempotencyKeys, projects, releases, testCaseFailures, transitions } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { createProjectToken } from "../services/create-project-token";
import { createRelease } from "../services/create-release";
import { activeSigningSecrets } from "../queries/tokens";
import { postGitHub, postRelease, postResult } from "./endpoints";
import { givenProject } from "../testing/fixtures";

/**
 * Thousands of mangled requests — broken JSON, wrong types, huge strings, bad XML, entity
 * tricks, wrong or stale signatures — must never get a 5xx, and a refused one must leave
 * every table as it was (the delivery log aside).
 */
let t: TestDb;
let token: string;
let secret: string;
beforeAll(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, { slug: "fuzz", name: "Fuzz" }, [
    { slug: "dev", name: "Dev" },
    { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["unit"] },
  ]);
  token = (await createProjectToken({ ctx, input: { project: "fuzz", name: "ci" } })).token;
  await createRelease({ ctx, input: { project: "fuzz", version: "1.0.0", commitSha: "abcdef1" } });
  secret = (
    await activeSigningSecrets(t.db, (await first(t.db.select().from(projects).where(eq(projects.slug, "fuzz"))))!.id)
  )[0]!;
});
afterAll(() => t.close());

const snapshot = async () =>
  await Promise.all(
    [releases, checkResults, testCaseFailures, transitions, idempotencyKeys].map(
      async (table) => (await first(t.db.select({ n: count() }).from(table)))!.n,
    ),
  );

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const body = fc.oneof(
  jsonValue.map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        version: fc.oneof(fc.string({ maxLength: 120 }), fc.integer(), fc.constant("1.0.0")),
        commitSha: fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f]{7,40}$/), fc.constant(null)),
        environment: fc.oneof(fc.constantFrom("dev", "qa", "nope"), fc.string()),
        check: fc.oneof(fc.constant("unit"), fc.string({ maxLength: 200 })),
        status: fc.oneof(fc.constantFrom("passed", "failed", "bogus"), fc.integer()),
        url: fc.oneof(fc.webUrl(), fc.string()),
        changes: fc.oneof(fc.array(fc.record({ id: fc.string(), title: fc.string() }), { maxLength: 3 }), fc.string()),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }),
  fc.constantFrom(
    "{",
    "null",
    "[]",
    '{"version": "' + "x".repeat(5000) + '"}',
    '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><testsuite>&b;</testsuite>',
    '<!DOCTYPE x SYSTEM "file:///etc/passwd"><testsuite/>',
    "<testsuite><testcase name='a'><failure>",
    "<testsuites><testsuite><testcase name='\u0000'/></testsuite></testsuites>",
    "\uFEFF<testsuite/>",
  ),
);
const contentType = fc.constantFrom(
  "application/json",
  "application/xml",
  "text/xml",
  "text/plain",
  "",
  "application/json; charset=utf-8",
);
const auth = fc.constantFrom("good", "none", "garbage", "wrong-token", "signed-stale", "signed-bad");

it("never answers 5xx, and a refused request writes nothing", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom("release", "result", "github"),
      body,
      contentType,
      auth,
      fc.option(fc.string({ maxLength: 20 })),
      async (endpoint, payload, type, scheme, query) => {
        const headers: Record<string, string> = {};
        if (type) headers["content-type"] = type;
        if (scheme === "good") headers.authorization = `Bearer ${token}`;
        if (scheme === "garbage") headers.authorization = "Basic Zm9vOmJhcg==";
        if (scheme === "wrong-token") headers.authorization = "Bearer rb_not-a-real-token";
        if (scheme === "signed-stale" || scheme === "signed-bad") {
          headers["webhook-id"] = "msg";
          headers["webhook-timestamp"] = scheme === "signed-stale" ? "1000" : String(Math.floor(Date.now() / 1000));
          headers["webhook-signature"] = "v1,AAAA";
        }
        if (endpoint === "github") {
          headers["x-github-event"] = "workflow_run";
          headers["x-hub-signature-256"] =
            scheme === "good"
              ? "sha256=" + (await import("node:crypto")).createHmac("sha256", secret).update(payload).digest("hex")
              : "sha256=00";
        }
        const q = query ? `?environment=${encodeURIComponent(query)}&check=unit` : "";
        const request = new Request(`http://localhost/api/v1/projects/fuzz/x${q}`, {
          method: "POST",
          headers,
          body: payload,
        });
        const before = await snapshot();
        const response =
          endpoint === "release"
            ? await postRelease(t.db, request, "fuzz")
            : endpoint === "result"
              ? await postResult(t.db, request, "fuzz", "1.0.0")
              : await postGitHub(t.db, request, "fuzz");
        expect(response.status, await response.clone().text()).toBeLessThan(500);
        if (response.status >= 400) {
          expect(await snapshot()).toEqual(before);
          expect(response.headers.get("content-type")).toBe("application/problem+json");
        }
      },
    ),
    { numRuns: 2000 },
  );
}, 120_000);
