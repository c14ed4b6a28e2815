import { first } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { checkResults, releases } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject, projectSecret } from "../testing/fixtures";
import { createProjectToken } from "../services/create-project-token";
import { postGitHub, postGitLab, postRelease, postResult } from "./endpoints";

/** Check names as CI gives them (README: Names), with GitHub's and GitLab's published payloads. */

const fixture = (path: string) => readFileSync(join(__dirname, "fixtures", path), "utf8");

let t: TestDb;
let token: string;
let secret: string;

beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, "names", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["build (*)", "CI: lint & test"] },
    { slug: "staging", name: "Staging", autoPromote: true, requiredChecks: ["Build-and-test"] },
    { slug: "prod", name: "Production", requiredChecks: ["Pipeline for branch: master"] },
  ]);
  token = (await createProjectToken({ ctx, input: { project: "names", name: "ci" } })).token;
  secret = (await projectSecret(t.db, "names")).secret;
});
afterEach(() => t.close());

const base = "http://localhost:3000/api/v1/projects/names";

function github(event: string, body: string) {
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  return postGitHub(
    t.db,
    new Request(`${base}/webhooks/github`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": event, "x-hub-signature-256": signature },
      body,
    }),
    "names",
  );
}

function gitlab(body: string) {
  return postGitLab(
    t.db,
    new Request(`${base}/webhooks/gitlab`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-gitlab-token": secret, "x-gitlab-event": "Pipeline Hook" },
      body,
    }),
    "names",
  );
}

function json(path: string, body: unknown) {
  return new Request(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

const create = (version: string, extra: Record<string, unknown> = {}) =>
  postRelease(t.db, json("/releases", { version, ...extra }), "names");

/** GitHub's published check_run.completed example, renamed as a matrix leg or a workflow would be; each run its own id. */
let checkRunId = 1;
function checkRun(name: string, sha: string, conclusion = "success") {
  const payload = JSON.parse(fixture("github/check_run-completed.json"));
  payload.check_run.id = checkRunId++;
  payload.check_run.name = name;
  payload.check_run.head_sha = sha;
  payload.check_run.conclusion = conclusion;
  return JSON.stringify(payload);
}

const whereIs = async (version: string) =>
  (await first(t.db.select().from(releases).where(eq(releases.version, version))))!;

describe("check names as CI gives them (issue 31 §1)", () => {
  it("accepts GitLab's documented Pipeline Hook, named 'Pipeline for branch: master'", async () => {
    await create("1.0.0", { commitSha: "bcbb5ec396a2c0f828686f14fac9b80b780504f2" });
    const answer = await gitlab(fixture("gitlab/pipeline-hook.json"));
    expect(answer.status).toBe(201);
    expect(await answer.json()).toMatchObject({ check: "Pipeline for branch: master", status: "passed" });
  });

  it("accepts GitHub check runs named as matrices and workflows name them, kept verbatim", async () => {
    await create("1.0.0", { commitSha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821" });
    for (const name of ["build (ubuntu-latest, 20.x)", "CI: lint & test", "deploy → staging", "Tests #42 [nightly]"]) {
      const answer = await github("check_run", checkRun(name, "ec26c3e57ca3a959ca5aad62de7213c562f8c821"));
      expect(answer.status).toBe(201);
      expect((await answer.json()).check).toBe(name);
    }
    const stored = await t.db.select({ name: checkResults.checkName }).from(checkResults);
    expect(stored.map((r) => r.name)).toContain("build (ubuntu-latest, 20.x)");
  });

  it("strips invisible characters from a name CI sent, on the JSON API too", async () => {
    await create("1.0.0");
    const answer = await postResult(
      t.db,
      json("/releases/1.0.0/results", { environment: "dev", check: "\u202Eunit\u200b tests", status: "passed" }),
      "names",
      "1.0.0",
    );
    expect(answer.status).toBe(201);
    expect((await answer.json()).check).toBe("unit tests");
  });

  it("promotes past `build (*)` only when every matrix leg's latest result passed", async () => {
    const sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    await create("2.0.0", { commitSha: sha });
    const dev = (await whereIs("2.0.0")).environmentId;
    await github("check_run", checkRun("CI: lint & test", sha));
    await github("check_run", checkRun("build (windows-latest, 20.x)", sha, "failure"));
    await github("check_run", checkRun("build (ubuntu-latest, 20.x)", sha));
    expect((await whereIs("2.0.0")).environmentId).toBe(dev);
    const stuck = await postResult(
      t.db,
      json("/releases/2.0.0/results", { environment: "dev", check: "lint", status: "passed" }),
      "names",
      "2.0.0",
    );
    expect((await stuck.json()).autoPromoted).toBe(false);
    const green = await github("check_run", checkRun("build (windows-latest, 20.x)", sha));

    expect(await green.json()).toMatchObject({ autoPromoted: true, promotedTo: "qa" });
  });

  it("lets a pipeline that names the old dashed form meet the name CI now sends (README: Names)", async () => {
    const sha = "3484a3fb816e0859fd6e1cea078d76385ff50625";
    await create("3.0.0", { commitSha: sha });
    for (const name of ["build (x)", "CI: lint & test"]) await github("check_run", checkRun(name, sha));
    const run = JSON.parse(fixture("github/workflow_run-completed.json"));
    run.workflow_run.name = "Build and test";
    const answer = await github("workflow_run", JSON.stringify(run));
    expect(await answer.json()).toMatchObject({ check: "Build and test", environment: "qa", promotedTo: "staging" });
  });
});

describe("versions and display names (issue 22 item 10)", () => {
  it("refuses look-alike versions with 422 and writes nothing", async () => {
    for (const version of ["2.11.０", "2.11.٠", "А.1", "1.0+①"]) {
      const answer = await create(version);
      expect(answer.status).toBe(422);
      expect((await answer.json()).errors[0]).toMatchObject({ path: "version" });
    }
    expect(await t.db.select().from(releases)).toHaveLength(0);
  });

  it("refuses a branch with a bidi control", async () => {
    const answer = await create("1.0.0", { branch: "feature/\u202Eevil" });
    expect(answer.status).toBe(422);
    expect((await answer.json()).errors[0]).toMatchObject({ path: "branch" });
  });
});
