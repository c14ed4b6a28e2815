import { first } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { desc, eq } from "drizzle-orm";
import { checkResults, deliveries, deployments, releases } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject, projectSecret } from "../testing/fixtures";
import { createProjectToken } from "../services/create-project-token";
import { postGitHub, postGitLab, postRelease } from "./endpoints";

/**
 * Replays under a fresh delivery id (issue 22 item 4, README: Replays): an event no newer than
 * what its run already reported is logged as stale and changes nothing.
 */

const fixture = (path: string) => JSON.parse(readFileSync(join(__dirname, "fixtures", path), "utf8"));

let t: TestDb;
let token: string;
let secret: string;

beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, "replay", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", requiredChecks: ["test.yml", "Pipeline for branch: master"] },
    { slug: "production", name: "Production", deploy: { webhook: { url: "https://deploy.example.com/hook" } } },
  ]);
  token = (await createProjectToken({ ctx, input: { project: "replay", name: "ci" } })).token;
  secret = (await projectSecret(t.db, "replay")).secret;
});
afterEach(() => t.close());

const base = "http://localhost:3000/api/v1/projects/replay";

/** A GitHub delivery, signed, each under a fresh X-GitHub-Delivery as a replaying attacker would send it. */
function github(event: string, payload: unknown, query = "") {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  return postGitHub(
    t.db,
    new Request(`${base}/webhooks/github${query}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signature,
      },
      body,
    }),
    "replay",
  );
}

function gitlab(payload: unknown) {
  return postGitLab(
    t.db,
    new Request(`${base}/webhooks/gitlab`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-gitlab-token": secret },
      body: JSON.stringify(payload),
    }),
    "replay",
  );
}

const create = (version: string, commitSha: string) =>
  postRelease(
    t.db,
    new Request(`${base}/releases`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ version, commitSha }),
    }),
    "replay",
  );

const latestStatus = async (check: string) =>
  (
    await first(
      t.db.select().from(checkResults).where(eq(checkResults.checkName, check)).orderBy(desc(checkResults.id)).limit(1),
    )
  )?.status;

describe("GitHub", () => {
  const captured = fixture("github/workflow_run-completed.json");
  const sha = captured.workflow_run.head_sha as string;
  const rerun = (conclusion: string) => ({
    ...captured,
    workflow_run: { ...captured.workflow_run, conclusion, run_attempt: 2, updated_at: "2020-10-05T17:10:00Z" },
  });

  it("keeps a captured workflow_run success, replayed under a fresh delivery id after a failure, from flipping the check", async () => {
    await create("1.0.0", sha);
    expect((await github("workflow_run", captured)).status).toBe(201);
    expect((await github("workflow_run", rerun("failure"))).status).toBe(201);
    expect(await latestStatus("test.yml")).toBe("failed");

    const replayed = await github("workflow_run", captured);
    expect(replayed.status).toBe(202);
    expect(await replayed.json()).toMatchObject({ stale: true });
    expect(await latestStatus("test.yml")).toBe("failed");
    // Not into another environment through the unsigned query string either.
    expect((await github("workflow_run", captured, "?environment=qa")).status).toBe(202);
    expect(await t.db.select().from(checkResults)).toHaveLength(2);

    const logged = (await first(t.db.select().from(deliveries).orderBy(desc(deliveries.id)).limit(1)))!;
    expect(logged).toMatchObject({ outcome: "ignored", statusCode: 202 });
    expect(logged.error).toMatch(/^stale: /);
  });

  it("still takes a newer attempt and a different run of the same workflow", async () => {
    await create("1.0.0", sha);
    await github("workflow_run", rerun("failure"));
    const third = { ...captured, workflow_run: { ...captured.workflow_run, run_attempt: 3 } };
    expect((await github("workflow_run", third)).status).toBe(201);
    const other = { ...captured, workflow_run: { ...captured.workflow_run, id: 1, conclusion: "failure" } };
    expect((await github("workflow_run", other)).status).toBe(201);
    expect(await latestStatus("test.yml")).toBe("failed");
  });

  it("keeps a replayed check_run from overriding the same run's result", async () => {
    const run = fixture("github/check_run-completed.json");
    await create("2.0.0", run.check_run.head_sha);
    const failed = {
      ...run,
      check_run: { ...run.check_run, conclusion: "failure", completed_at: "2019-05-15T15:30:00Z" },
    };
    expect((await github("check_run", run)).status).toBe(201);
    expect((await github("check_run", failed)).status).toBe(201);
    expect((await github("check_run", run)).status).toBe(202);
    expect(await latestStatus("Octocoders-linter")).toBe("failed");
  });

  it("keeps a replayed deployment_status success from overriding a later failure of that deployment", async () => {
    const success = fixture("github/deployment_status.json");
    const release = await create("3.0.0", success.deployment.sha);
    expect(release.status).toBe(201);
    const failure = {
      ...success,
      deployment_status: {
        ...success.deployment_status,
        id: success.deployment_status.id + 1,
        state: "failure",
        created_at: "2019-05-15T15:25:00Z",
      },
    };
    expect((await github("deployment_status", success)).status).toBe(200);
    expect((await github("deployment_status", failure)).status).toBe(200);
    const replayed = await github("deployment_status", success);
    expect(replayed.status).toBe(202);
    expect(await replayed.json()).toMatchObject({ stale: true });
    const version = (await first(t.db.select().from(releases).where(eq(releases.version, "3.0.0"))))!;
    const deploy = await t.db.select().from(deployments).where(eq(deployments.releaseId, version.id));
    expect(deploy.map((d) => d.status)).toEqual(["failed"]);
  });
});

describe("GitLab", () => {
  it("keeps a replayed pipeline success from overriding a later failure of the same pipeline", async () => {
    const success = fixture("gitlab/pipeline-hook.json");
    await create("4.0.0", success.object_attributes.sha);
    const failed = {
      ...success,
      object_attributes: { ...success.object_attributes, status: "failed", finished_at: "2016-08-12 15:40:00 UTC" },
    };
    expect((await gitlab(success)).status).toBe(201);
    expect((await gitlab(failed)).status).toBe(201);
    expect((await gitlab(success)).status).toBe(202);
    expect(await latestStatus("Pipeline for branch: master")).toBe("failed");
  });

  it("keeps a replayed deployment event from overriding a later one of the same deployment", async () => {
    const success = fixture("gitlab/deployment-hook.json");
    await create("5.0.0", "279484c09fbe69ededfced8c1bb6e6d24616b468");
    const failed = { ...success, status: "failed", status_changed_at: "2021-04-28 22:00:00 +0200" };
    const inProduction = (p: unknown) =>
      postGitLab(
        t.db,
        new Request(`${base}/webhooks/gitlab?environment=production`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-gitlab-token": secret },
          body: JSON.stringify(p),
        }),
        "replay",
      );
    expect((await inProduction(success)).status).toBe(200);
    expect((await inProduction(failed)).status).toBe(200);
    expect((await inProduction(success)).status).toBe(202);
    expect((await t.db.select().from(deployments)).map((d) => d.status)).toEqual(["failed"]);
  });
});
