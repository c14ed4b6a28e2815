import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHmac, randomUUID } from "node:crypto";
import { givenWebhookProject, webhookFixture as fixture, type WebhookProject } from "../testing/webhook-project";

/** The inbound sources besides GitHub and GitLab (README: Connecting CI), each with its vendor's authentication. */

const hmac = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("hex");

let p: WebhookProject;
let token: string;
let secret: string;

beforeEach(async () => {
  p = await givenWebhookProject("shop", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["build-test-deploy", "test"] },
  ]);
  ({ token, secret } = p);
});
afterEach(() => p.t.close());

const post = (system: string, body: string, headers: Record<string, string>, query = "") =>
  p.post(system, body, headers, query);
const create = (version: string, commitSha: string) => p.createRelease({ version, commitSha });
const stored = () => p.results();

describe("CircleCI (workflow-completed, job-completed; circleci-signature v1)", () => {
  const sha = "1dc6aa69429bff4806ad6afe58d3d8f57e25973e";
  const circle = (body: string, signature = `v1=${hmac(secret, body)}`) =>
    post("circleci", body, { "circleci-signature": signature, "circleci-event-type": JSON.parse(body).type });

  it("records CircleCI's published examples, verbatim, as results of the release built from the revision", async () => {
    await create("1.0.0", sha);
    const workflow = await circle(fixture("circleci/workflow-completed.json"));
    expect(workflow.status).toBe(201);
    expect(await workflow.json()).toMatchObject({ check: "build-test-deploy", status: "passed", environment: "dev" });
    const job = await circle(fixture("circleci/job-completed.json"));
    expect(await job.json()).toMatchObject({ check: "test", status: "passed", promotedTo: "qa" });
    expect((await stored())[0]!.url).toBe(
      "https://app.circleci.com/pipelines/github/circleci/webhook-service/130/workflows/fda08377-fe7e-46b1-8992-3a7aaecac9c3",
    );
  });

  it("takes any of several versioned signatures, and refuses a wrong, malformed or missing one", async () => {
    await create("1.0.0", sha);
    const body = fixture("circleci/workflow-completed.json");
    expect((await circle(body, `v1=${"0".repeat(64)}`)).status).toBe(401);
    expect((await circle(body, `v1=${hmac(secret, body)}zz`)).status).toBe(401);
    expect((await post("circleci", body, {})).status).toBe(401);
    expect((await circle(body, `v0=abc, v1=${hmac(secret, body)}`)).status).toBe(201);
    // The same event again (CircleCI retries; it sends no delivery header): stale, not a second result.
    expect((await circle(body)).status).toBe(202);
    expect(await stored()).toHaveLength(1);
  });

  it("answers 202 'no release for this run' for a payload without a commit", async () => {
    const payload = JSON.parse(fixture("circleci/workflow-completed.json"));
    delete payload.pipeline.vcs.revision;
    const answer = await circle(JSON.stringify(payload));
    expect(answer.status).toBe(202);
    expect((await answer.json()).reason).toMatch(/No release for this run/);
  });
});

describe("Buildkite (build.finished, job.finished; X-Buildkite-Token or X-Buildkite-Signature)", () => {
  const sha = "a1b2c3d4e5f6789012345678901234567890abcd";
  // The build object of Buildkite's REST API example, verbatim in the fixture (its webhook docs elide
  // the build as "...": "..." and say it is the REST API's); a parsed copy changes state, commit, names.
  const published = JSON.parse(fixture("buildkite/rest-api-get-a-build.json"));
  const { sender } = JSON.parse(fixture("buildkite/build.finished-blocked.json"));
  const pipeline = { ...published.pipeline, name: "CI: shop" };
  const build = (state: string, commit = sha) =>
    JSON.stringify({ event: "build.finished", build: { ...published, state, commit }, pipeline, sender });
  const job = (state: string) =>
    JSON.stringify({
      event: "job.finished",
      job: { ...published.jobs[0], name: ":rspec: test (ruby 3.3)", state },
      build: { ...published, state: "running", commit: sha },
      pipeline,
      sender,
    });
  const signed = (body: string, timestamp = Math.floor(Date.now() / 1000)) => ({
    "x-buildkite-signature": `timestamp=${timestamp},signature=${hmac(secret, `${timestamp}.${body}`)}`,
  });

  it("records build.finished with the token header, under the pipeline's name", async () => {
    await create("2.0.0", sha);
    const answer = await post("buildkite", build("passed"), { "x-buildkite-token": secret });
    expect(answer.status).toBe(201);
    expect(await answer.json()).toMatchObject({ check: "CI: shop", status: "passed" });
    expect((await post("buildkite", build("passed"), { "x-buildkite-token": "whsec_nope" })).status).toBe(401);
  });

  it("records job.finished signed with a timestamp, and refuses one older than 5 minutes", async () => {
    await create("2.0.0", sha);
    const answer = await post("buildkite", job("failed"), signed(job("failed")));
    expect(await answer.json()).toMatchObject({ check: ":rspec: test (ruby 3.3)", status: "failed" });
    const old = Math.floor(Date.now() / 1000) - 600;
    expect((await post("buildkite", job("passed"), signed(job("passed"), old))).status).toBe(401);
    expect((await post("buildkite", job("passed"), signed(job("failed")))).status).toBe(401);
  });

  it("answers a manual build of HEAD with 202 'no release for this run'", async () => {
    const answer = await post("buildkite", build("passed", "HEAD"), { "x-buildkite-token": secret });
    expect(answer.status).toBe(202);
    expect((await answer.json()).reason).toMatch(/No release for this run/);
  });
});

describe("Bitbucket (repo:commit_status_created/_updated; X-Hub-Signature sha256)", () => {
  // Atlassian's published examples ("Event payloads": build status created, then updated), verbatim.
  const sha = "9fec847784abb10b2fa567ee63b85bd238955d0e";
  const created = fixture("bitbucket/repo-commit-status-created.json");
  const updated = fixture("bitbucket/repo-commit-status-updated.json");
  const bitbucket = (event: string, body: string, signature = `sha256=${hmac(secret, body)}`) =>
    post("bitbucket", body, { "x-event-key": event, "x-hub-signature": signature, "x-request-uuid": randomUUID() });

  it("records Atlassian's examples for the release built from the commit they link: running, then passed", async () => {
    await create("3.0.0", sha);
    const running = await bitbucket("repo:commit_status_created", created);
    expect(running.status).toBe(201);
    expect(await running.json()).toMatchObject({
      check: "Unit Tests (Python)",
      status: "running",
      environment: "dev",
      release: { version: "3.0.0" },
    });
    const done = await bitbucket("repo:commit_status_updated", updated);
    expect(done.status).toBe(201);
    expect(await done.json()).toMatchObject({ check: "Unit Tests (Python)", status: "passed", environment: "dev" });
    expect((await stored()).map((r) => [r.checkName, r.status, r.url])).toEqual([
      ["Unit Tests (Python)", "running", "https://my-build-tool.com/builds/MY-PROJECT/BUILD-777"],
      ["Unit Tests (Python)", "passed", "https://my-build-tool.com/builds/MY-PROJECT/BUILD-792"],
    ]);
    // The older "in progress" again, under a new request id: stale.
    expect((await bitbucket("repo:commit_status_created", created)).status).toBe(202);
    expect(await stored()).toHaveLength(2);
  });

  it("records a status Pipelines sends for its own build (no published example: the documented fields)", async () => {
    const pipelinesSha = "dc019cca662fc6a992fc9af98cdd3005a30eb1cd";
    await create("3.1.0", pipelinesSha);
    const body = JSON.stringify({
      repository: { type: "repository", full_name: "acme/shop" },
      actor: { type: "user", display_name: "Pipelines" },
      commit_status: {
        key: "-1879968562",
        type: "build",
        state: "FAILED",
        name: "Pipeline #3 for main",
        refname: "main",
        commit: { type: "commit", hash: pipelinesSha },
        url: "https://bitbucket.org/acme/shop/addon/pipelines/home#!/results/3",
        description: "",
        created_on: "2026-12-07T16:08:44.273346+00:00",
        updated_on: "2026-12-07T16:09:30.843946+00:00",
      },
    });
    const answer = await bitbucket("repo:commit_status_updated", body);
    expect(await answer.json()).toMatchObject({ check: "Pipeline #3 for main", status: "failed" });
    expect((await stored())[0]!.url).toBe("https://bitbucket.org/acme/shop/addon/pipelines/home#!/results/3");
  });

  it("answers a status for a commit no release was built from 202, never a result", async () => {
    await create("3.0.0", "7d6b6b9f4c1e2a3b5c6d7e8f9a0b1c2d3e4f5a6b");
    const answer = await bitbucket("repo:commit_status_updated", updated);
    expect(answer.status).toBe(202);
    expect(await stored()).toHaveLength(0);
  });

  it("refuses a wrong signature and ignores other events", async () => {
    await create("3.0.0", sha);
    expect((await bitbucket("repo:commit_status_updated", updated, `sha256=${hmac("other", updated)}`)).status).toBe(
      401,
    );
    expect((await bitbucket("repo:commit_status_updated", updated, "")).status).toBe(401);
    expect((await bitbucket("repo:push", JSON.stringify({ push: {} }))).status).toBe(202);
    expect(await stored()).toHaveLength(0);
  });
});

describe("Jenkins (Notification plugin; HTTP Basic with a project token as the password)", () => {
  const sha = "c6d86dc654b12425e706bcf951adfe5a8627a517";
  const basic = (password: string) => ({
    authorization: `Basic ${Buffer.from(`jenkins:${password}`).toString("base64")}`,
  });

  it("records the plugin's published example, verbatim, as a result named after the job", async () => {
    await create("4.0.0", sha);
    const answer = await post("jenkins", fixture("jenkins/notification.json"), basic(token));
    expect(answer.status).toBe(201);
    expect(await answer.json()).toMatchObject({ check: "asgard", status: "passed" });
    // The same notification again: stale (Jenkins sends no delivery id).
    expect((await post("jenkins", fixture("jenkins/notification.json"), basic(token))).status).toBe(202);
    const finalized = fixture("jenkins/notification.json")
      .replace('"COMPLETED"', '"FINALIZED"')
      .replace('"SUCCESS"', '"FAILURE"');
    expect(await (await post("jenkins", finalized, basic(token))).json()).toMatchObject({ status: "failed" });
  });

  it("refuses no credentials, a wrong password and the signing secret in place of a token", async () => {
    const body = fixture("jenkins/notification.json");
    expect((await post("jenkins", body, {})).status).toBe(401);
    expect((await post("jenkins", body, basic("rb_not-a-token"))).status).toBe(401);
    expect((await post("jenkins", body, basic(secret))).status).toBe(401);
    expect(await stored()).toHaveLength(0);
  });
});

it("answers 404 for a source that is not in the registry", async () => {
  expect((await post("teamcity", "{}", {})).status).toBe(404);
});
