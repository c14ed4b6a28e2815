import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHmac, randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { deployments } from "../../db/schema";
import { givenWebhookProject, webhookFixture as fixture, type WebhookProject } from "../testing/webhook-project";

/**
 * Azure DevOps, GitLab's Job Hook, Buildkite and CDEvents with their vendors' published examples,
 * byte for byte (server/http/fixtures/README.md says where each came from). Where an example names
 * no release, a test changes one field on a parsed copy, never the file.
 */

const hmac = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("hex");

const environments = [
  { slug: "dev", name: "Development" },
  { slug: "test123", name: "Test" },
  { slug: "qa", name: "QA" },
];
let p: WebhookProject;
let token: string;
let secret: string;
beforeEach(async () => {
  p = await givenWebhookProject("shop", environments);
  ({ token, secret } = p);
});
afterEach(() => p.t.close());

const post = (system: string, body: string, headers: Record<string, string>, query = "") =>
  p.post(system, body, headers, query);
const create = (release: { version: string; commitSha?: string; branch?: string }) => p.createRelease(release);
const stored = () => p.results();
const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`azure:${password}`).toString("base64")}` });

describe("Azure DevOps service hooks (HTTP Basic, a project token as the password)", () => {
  it("records build.complete of resource version 1.0 by the commit in sourceGetVersion", async () => {
    await create({ version: "1.0.0", commitSha: "600c52d2d5b655caa111abfd863e5a9bd304bb0e" });
    const answer = await post("azure-devops", fixture("azure-devops/build-complete-2016.json"), basic(token));
    expect(answer.status).toBe(201);
    expect(await answer.json()).toMatchObject({ check: "ConsumerAddressModule", status: "passed", environment: "dev" });
    expect((await stored())[0]!.url).toBe(
      "https://dev.azure.com/fabrikam-fiber-inc/DefaultCollection/71777fbc-1cf2-4bd1-9540-128c1c71f766/_apis/build/Builds/2",
    );
    // The same build again (Azure retries; no delivery header): stale, not a second result.
    expect((await post("azure-devops", fixture("azure-devops/build-complete-2016.json"), basic(token))).status).toBe(
      202,
    );
    expect(await stored()).toHaveLength(1);
  });

  it("matches a build.complete without a commit SHA by its number and branch", async () => {
    // Today's example: sourceVersion is a zeroed GUID, not a commit; buildNumber 20241202.1 on refs/heads/main.
    const body = fixture("azure-devops/build-complete.json");
    const none = await post("azure-devops", body, basic(token));
    expect(none.status).toBe(202);
    expect((await none.json()).reason).toMatch(/No release for this run/);
    await create({ version: "20241202.1", branch: "develop" });
    expect((await post("azure-devops", body, basic(token))).status).toBe(202);
    expect(await stored()).toHaveLength(0);

    await p.t.close();
    p = await givenWebhookProject("shop", [{ slug: "dev", name: "Development" }]);
    token = p.token;
    await create({ version: "20241202.1", branch: "main" });
    const answer = await post("azure-devops", body, basic(token), "?environment=dev");
    expect(answer.status).toBe(201);
    expect(await answer.json()).toMatchObject({
      check: "MainRepo (1)",
      status: "passed",
      release: { version: "20241202.1" },
    });
    expect((await stored())[0]!.url).toBe(
      "https://dev.azure.com/FabrikamFiber/00000000-0000-0000-0000-000000000000/_build/results?buildId=2727068",
    );
  });

  it("answers the run-state example, which names no commit and no run number, 202 'no release for this run'", async () => {
    await create({ version: "11", commitSha: "600c52d2d5b655caa111abfd863e5a9bd304bb0e" });
    const answer = await post("azure-devops", fixture("azure-devops/run-state-changed.json"), basic(token));
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({
      ignored: true,
      reason: expect.stringMatching(/No release for this run/),
    });
    expect(await stored()).toHaveLength(0);
  });

  it("records a run-state change for the release whose version is the run's name", async () => {
    await create({ version: "20241202.3" });
    const payload = JSON.parse(fixture("azure-devops/run-state-changed.json"));
    payload.resource.run.name = "20241202.3";
    const answer = await post("azure-devops", JSON.stringify(payload), basic(token));
    expect(await answer.json()).toMatchObject({ check: "Pipeline-Name", status: "passed" });
    expect((await stored())[0]!.url).toBe(
      "https://codedev.ms/org/00000000-0000-0000-0000-000000000000/_build/results?buildId=11",
    );
  });

  it("records a stage as its own check, '<pipeline> / <stage>', matched by the run's name", async () => {
    await create({ version: "2" });
    const answer = await post("azure-devops", fixture("azure-devops/stage-state-changed.json"), basic(token));
    expect(answer.status).toBe(201);
    expect(await answer.json()).toMatchObject({
      check: "TEST-CI / __default",
      status: "passed",
      release: { version: "2" },
    });
  });

  it("refuses no credentials, a wrong token and the signing secret as the password", async () => {
    const body = fixture("azure-devops/build-complete-2016.json");
    expect((await post("azure-devops", body, {})).status).toBe(401);
    expect((await post("azure-devops", body, basic("rb_not-a-token"))).status).toBe(401);
    expect((await post("azure-devops", body, basic(secret))).status).toBe(401);
  });

  it("answers a payload it cannot read 422 and an event it does not use 202, never 5xx", async () => {
    expect((await post("azure-devops", '{"eventType": 5}', basic(token))).status).toBe(422);
    expect((await post("azure-devops", "[1,2", basic(token))).status).toBeLessThan(500);
    const other = await post("azure-devops", '{"eventType":"git.push","resource":{}}', basic(token));
    expect(other.status).toBe(202);
  });
});

describe("GitLab Job Hook: one check per job, named as GitLab shows it", () => {
  const gitlab = (body: string) =>
    post("gitlab", body, { "x-gitlab-token": secret, "x-gitlab-event": "Job Hook" }, "?environment=qa");
  const job = (changes: Record<string, unknown>) =>
    JSON.stringify({ ...JSON.parse(fixture("gitlab/job-hook.json")), ...changes });

  it("accepts GitLab's published example (a job just created) without recording it", async () => {
    await create({ version: "5.0.0", commitSha: "2293ada6b400935a1378653304eaf6221e0fdb8f" });
    const answer = await gitlab(fixture("gitlab/job-hook.json"));
    expect(answer.status).toBe(202);
    expect((await answer.json()).reason).toMatch(/Status created is not recorded/);
  });

  it("records each leg of a matrix as its own check, verbatim, running then its result", async () => {
    await create({ version: "5.0.0", commitSha: "2293ada6b400935a1378653304eaf6221e0fdb8f" });
    const legs = ["test: [ruby, 3.3]", "test: [ruby, 3.4]", "rspec 1/3"];
    for (const [i, name] of legs.entries()) {
      const running = await gitlab(
        job({
          build_id: 2000 + i,
          build_name: name,
          build_status: "running",
          build_started_at: "2021-02-23T02:42:00Z",
        }),
      );
      expect(await running.json()).toMatchObject({ check: name, status: "running", environment: "qa" });
      const done = await gitlab(
        job({
          build_id: 2000 + i,
          build_name: name,
          build_status: i === 1 ? "failed" : "success",
          build_finished_at: "2021-02-23T02:45:00Z",
        }),
      );
      expect(await done.json()).toMatchObject({ check: name, status: i === 1 ? "failed" : "passed" });
    }
    expect(new Set((await stored()).map((r) => r.checkName))).toEqual(new Set(legs));
  });
});

describe("Buildkite, with the objects its docs publish", () => {
  // Buildkite's webhook docs elide the build ("...": "..."); the build object a webhook carries is
  // the one its REST API returns (build_events.md), whose published example is kept verbatim.
  const build = JSON.parse(fixture("buildkite/rest-api-get-a-build.json"));
  const sender = JSON.parse(fixture("buildkite/build.finished-blocked.json")).sender;
  const envelope = (event: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ event, build, pipeline: build.pipeline, sender, ...extra });

  it("answers its own build.finished example, which names no build, 202", async () => {
    const answer = await post("buildkite", fixture("buildkite/build.finished-blocked.json"), {
      "x-buildkite-token": secret,
    });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ ignored: true, reason: "State (none) is not recorded" });
  });

  it("answers its own job.finished example (a trigger job, elided) 202", async () => {
    await create({ version: "6.0.0", commitSha: build.commit });
    const answer = await post("buildkite", fixture("buildkite/job.finished-trigger.json"), {
      "x-buildkite-token": secret,
    });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ ignored: true, reason: "State ... is not recorded" });
    expect(await stored()).toHaveLength(0);
  });

  it("records build.finished under the pipeline's name and job.finished under the job's", async () => {
    await create({ version: "6.0.0", commitSha: build.commit });
    const finished = await post("buildkite", envelope("build.finished"), { "x-buildkite-token": secret });
    expect(finished.status).toBe(201);
    expect(await finished.json()).toMatchObject({ check: "Great Pipeline", status: "passed" });
    const body = envelope("job.finished", { job: build.jobs[0] });
    const timestamp = Math.floor(Date.now() / 1000);
    const signed = await post("buildkite", body, {
      "x-buildkite-signature": `timestamp=${timestamp},signature=${hmac(secret, `${timestamp}.${body}`)}`,
    });
    expect(await signed.json()).toMatchObject({ check: "RSpec", status: "passed" });
    expect((await stored()).map((r) => r.url)).toEqual([
      "https://buildkite.com/my-great-org/my-pipeline/builds/2",
      "https://buildkite.com/my-great-org/my-pipeline/builds/2#b63254c0-3271-4a98-8270-7cfbd6c2f14e",
    ]);
  });
});

describe("CDEvents (a project token or a Standard Webhooks signature)", () => {
  const bearer = () => ({ authorization: `Bearer ${token}` });
  const signed = (body: string) => {
    const id = `msg_${randomUUID()}`;
    const timestamp = new Date();
    return {
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(id, timestamp, body),
    };
  };
  const withCustomData = (path: string, customData: unknown) =>
    JSON.stringify({ ...JSON.parse(fixture(path)), customData });

  it("accepts the spec's conformance examples, which name no release, with 202", async () => {
    for (const path of ["pipelinerun_finished", "testcaserun_finished", "service_deployed"]) {
      const answer = await post("cdevents", fixture(`cdevents/${path}.json`), bearer());
      expect(answer.status).toBe(202);
      expect((await answer.json()).reason).toMatch(/No release for this run/);
    }
    expect(await stored()).toHaveLength(0);
  });

  it("records pipelinerun.finished and testcaserun.finished for the release customData names", async () => {
    await create({ version: "7.0.0", commitSha: "4b825dc642cb6eb9a060e54bf8d69288fbee4904" });
    const pipeline = await post(
      "cdevents",
      withCustomData("cdevents/pipelinerun_finished.json", { commit: "4b825dc642cb6eb9a060e54bf8d69288fbee4904" }),
      bearer(),
    );
    expect(pipeline.status).toBe(201);
    expect(await pipeline.json()).toMatchObject({
      check: "myPipeline",
      status: "failed",
      release: { version: "7.0.0" },
    });
    expect((await stored())[0]!.url).toBe("https://www.example.com/mySubject123");
    const body = withCustomData("cdevents/testcaserun_finished.json", { version: "7.0.0" });
    const testcase = await post("cdevents", body, signed(body));
    expect(await testcase.json()).toMatchObject({ check: "Login Test", status: "passed" });
  });

  it("records service.deployed as a deployment of the artifact's version into its environment", async () => {
    await create({ version: "7.1.0" });
    const payload = JSON.parse(fixture("cdevents/service_deployed.json"));
    payload.subject.content.artifactId = "pkg:oci/myapp@7.1.0";
    const body = JSON.stringify(payload);
    const answer = await post("cdevents", body, signed(body));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      deployment: { environment: "test123", status: "succeeded" },
      release: { version: "7.1.0" },
    });
    const [deployment] = await p.t.db.select().from(deployments);
    expect(deployment).toMatchObject({ status: "succeeded" });
  });

  it("takes a CloudEvent in structured mode", async () => {
    await create({ version: "7.2.0" });
    const body = JSON.stringify({
      specversion: "1.0",
      id: "271069a8-fc18-44f1-b38f-9d70a1695819",
      source: "/event/source/123",
      type: "dev.cdevents.pipelinerun.finished.0.2.0",
      datacontenttype: "application/json",
      data: { ...JSON.parse(fixture("cdevents/pipelinerun_finished.json")), customData: { version: "7.2.0" } },
    });
    const answer = await post("cdevents", body, { ...bearer(), "content-type": "application/cloudevents+json" });
    expect(await answer.json()).toMatchObject({ check: "myPipeline", status: "failed" });
  });

  it("refuses a wrong signature, a stale one and no credentials", async () => {
    const body = fixture("cdevents/pipelinerun_finished.json");
    expect((await post("cdevents", body, {})).status).toBe(401);
    const other = { ...signed(body), "webhook-signature": new Webhook(secret).sign("msg_x", new Date(), "{}") };
    expect((await post("cdevents", body, other)).status).toBe(401);
    const old = new Date(Date.now() - 600_000);
    const stale = {
      "webhook-id": "msg_old",
      "webhook-timestamp": String(Math.floor(old.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign("msg_old", old, body),
    };
    expect((await post("cdevents", body, stale)).status).toBe(401);
  });
});
