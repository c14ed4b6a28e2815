import { writeTransaction as writeTx } from "../../db/client";
import { first } from "../../db/client";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { deployments, environments, outbox, outboxAttempts } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { startDispatcher } from "./dispatcher";
import { outboundEnvFrom } from "../config";
import { activeSigningSecrets } from "../queries/tokens";
import { isForbiddenAddress } from "../outbound/address-guard";
import { listOutbound } from "../queries/outbound";
import { sendOutboundAgain } from "../services/send-outbound-again";
import type { DeployTargetSpec } from "../domain/deploy";
import { givenProject } from "../testing/fixtures";
import { until as waitUntil } from "../testing/until";

type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; at: number };

/** A real HTTP receiver answering each request with the next status in `answers` (the last one repeats). */
async function receiver(answers: (number | { status: number; headers?: Record<string, string> })[] = [200]) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)]!;
      const { status, headers } = typeof answer === "number" ? { status: answer, headers: {} } : answer;
      res.writeHead(status, { "content-type": "text/plain", ...headers }).end(status < 300 ? "ok" : `status ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { url: `http://127.0.0.1:${port}`, received };
}

let t: TestDb;
const servers: http.Server[] = [];
const stops: (() => void)[] = [];
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  stops.splice(0).forEach((stop) => stop());
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  await t.close();
});

const manager = userActor("release_manager", "Rita Manager");
const allowPrivate = { ...process.env, RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "1" };

async function setUp(deploy: DeployTargetSpec) {
  const ctx = { db: t.db, actor: manager };
  await givenProject(ctx, { slug: "search-api", name: "Search API" }, [
    { slug: "dev", name: "Development" },
    { slug: "staging", name: "Staging", deploy },
  ]);
  return ctx;
}

async function release(ctx: { db: TestDb["db"]; actor: typeof manager }, version: string) {
  await createRelease({ ctx, input: { project: "search-api", version, commitSha: "a".repeat(40), branch: "main" } });
  return moveRelease({ ctx, input: { project: "search-api", version, to: "staging" } });
}

function dispatch(env: NodeJS.ProcessEnv = allowPrivate) {
  const dispatcher = startDispatcher(t.db, { env: outboundEnvFrom(env), log: () => {} });
  stops.push(() => dispatcher.stop());
  return dispatcher;
}

const until = <T>(what: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000) =>
  waitUntil(what, timeoutMs);

const attempts = async () => await t.db.select().from(outboxAttempts).orderBy(asc(outboxAttempts.id));
const deploymentRows = async () => await t.db.select().from(deployments).orderBy(asc(deployments.id));

describe("webhook deploy targets", () => {
  it("POSTs the deployment.requested event, signed with the outbound secret (verified by the standardwebhooks package)", async () => {
    const hook = await receiver();
    const ctx = await setUp({ webhook: { url: `${hook.url}/hooks/releaseboard` } });
    await release(ctx, "1.4.0");
    expect(await t.db.select().from(outbox)).toHaveLength(1);
    dispatch();
    const [request] = await until(() => hook.received.length > 0 && hook.received);
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/hooks/releaseboard");
    expect(request!.headers["content-type"]).toBe("application/json");
    const secret = (await activeSigningSecrets(t.db, 1, new Date(), "outbound"))[0]!;
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe((await activeSigningSecrets(t.db, 1))[0]);
    const event = new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>);
    expect(event).toEqual({
      type: "deployment.requested",
      id: request!.headers["webhook-id"],
      project: "search-api",
      environment: "staging",
      release: { version: "1.4.0", commitSha: "a".repeat(40), branch: "main" },
      transition: { kind: "promote", from: "dev", to: "staging", by: "Rita Manager", reason: null },
    });
    // The inbound secret does not verify it: the two are separate.
    const inbound = new Webhook((await activeSigningSecrets(t.db, 1))[0]!);
    expect(() => inbound.verify(request!.body, request!.headers as Record<string, string>)).toThrow();
    await until(async () => (await attempts())[0]?.outcome === "delivered");
    expect((await attempts())[0]).toMatchObject({ statusCode: 200, attempt: 1, responseExcerpt: "ok" });
  });

  it("retries 503 twice, then delivers: three attempts within about 10 s, one webhook-id", async () => {
    const hook = await receiver([503, 503, 200]);
    const ctx = await setUp({ webhook: { url: hook.url } });
    await release(ctx, "1.4.0");
    const started = Date.now();
    dispatch();
    await until(async () => (await attempts()).some((a) => a.outcome === "delivered"));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(hook.received).toHaveLength(3);
    expect((await attempts()).map((a) => [a.statusCode, a.outcome])).toEqual([
      [503, "retry"],
      [503, "retry"],
      [200, "delivered"],
    ]);
    expect(new Set(hook.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    // The first retry comes within 2 s.
    expect(hook.received[1]!.at - hook.received[0]!.at).toBeLessThan(2000);
  });

  it("honours Retry-After", async () => {
    const hook = await receiver([{ status: 429, headers: { "retry-after": "2" } }, 200]);
    const ctx = await setUp({ webhook: { url: hook.url } });
    await release(ctx, "1.4.0");
    dispatch();
    await until(async () => hook.received.length === 2 && (await attempts()).length === 2);
    expect(hook.received[1]!.at - hook.received[0]!.at).toBeGreaterThanOrEqual(1900);
  });

  it("does not retry a 400, and the deployment fails with the reason", async () => {
    const hook = await receiver([400, 200]);
    const ctx = await setUp({ webhook: { url: hook.url } });
    await release(ctx, "1.4.0");
    dispatch();
    await until(async () => (await attempts())[0]);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(hook.received).toHaveLength(1);
    expect(await attempts()).toMatchObject([{ statusCode: 400, outcome: "failed" }]);
    expect(await first(t.db.select().from(outbox))).toMatchObject({ state: "failed", attempts: 1 });
    expect((await deploymentRows())[0]).toMatchObject({
      status: "failed",
      description: expect.stringContaining("answered 400"),
    });
  });

  it("gives two transitions two distinct ids", async () => {
    const hook = await receiver();
    const ctx = await setUp({ webhook: { url: hook.url } });
    await release(ctx, "1.4.0");
    await release(ctx, "1.5.0");
    dispatch();
    await until(() => hook.received.length === 2);
    const ids = hook.received.map((r) => r.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(2);
    expect(
      hook.received.map((r) => (JSON.parse(r.body) as { release: { version: string } }).release.version).sort(),
    ).toEqual(["1.4.0", "1.5.0"]);
  });

  it("refuses a loopback target without RELEASEBOARD_ALLOW_PRIVATE_TARGETS, on the attempt, and sends nothing", async () => {
    const hook = await receiver();
    const ctx = await setUp({ webhook: { url: hook.url.replace("127.0.0.1", "localhost") } });
    await release(ctx, "1.4.0");
    dispatch({ ...process.env, RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "" });
    const made = await until(async () => {
      const list = await attempts();
      return list.length > 0 ? list : undefined;
    });
    const attempt = made![0];
    expect(attempt).toMatchObject({
      outcome: "failed",
      statusCode: null,
      error: expect.stringContaining("RELEASEBOARD_ALLOW_PRIVATE_TARGETS"),
    });
    expect(hook.received).toHaveLength(0);
    expect((await deploymentRows())[0]).toMatchObject({ status: "failed" });
  });
});

describe("the outbound delivery log", () => {
  it("lists every attempt, and Send again delivers a failed message under the same webhook-id", async () => {
    const hook = await receiver([400, 200]);
    const ctx = await setUp({ webhook: { url: hook.url } });
    await release(ctx, "1.4.0");
    dispatch();
    await until(async () => (await attempts())[0]?.outcome === "failed");
    const failed = (await listOutbound(t.db, 1)).items[0]!;
    expect(failed).toMatchObject({
      state: "failed",
      kind: "deployment.requested",
      attempts: [{ attempt: 1, statusCode: 400, outcome: "failed", responseExcerpt: "status 400" }],
    });
    await expect(
      sendOutboundAgain({
        ctx: { db: t.db, actor: userActor("viewer") },
        input: { project: "search-api", id: failed.id },
      }),
    ).rejects.toThrow(/may not/);
    expect((await deploymentRows())[0]).toMatchObject({ status: "failed" });
    await sendOutboundAgain({ ctx, input: { project: "search-api", id: failed.id } });
    // The deploy only failed because its request did not arrive: it is waiting again.
    expect((await deploymentRows())[0]).toMatchObject({ status: "requested", description: null });
    await until(async () => (await listOutbound(t.db, 1)).items[0]!.state === "delivered");
    expect((await listOutbound(t.db, 1)).items[0]!.attempts.map((a) => a.statusCode)).toEqual([200, 400]);
    expect(hook.received.map((r) => r.headers["webhook-id"])).toEqual([failed.messageId, failed.messageId]);
  });
});

describe("the address guard", () => {
  it("refuses loopback, private, link-local and metadata addresses, also inside IPv6", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fe80::1",
      "fd00:ec2::254",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "64:ff9b::a9fe:a9fe",
    ]) {
      expect(isForbiddenAddress(address), address).toBe(true);
    }
    for (const address of ["93.184.216.34", "140.82.112.3", "2606:4700::1111"])
      expect(isForbiddenAddress(address), address).toBe(false);
  });
});

describe("GitHub and GitLab deploy targets", () => {
  it("dispatches the GitHub workflow with the release as inputs", async () => {
    const api = await receiver([204]);
    const ctx = await setUp({
      githubWorkflow: {
        repository: "acme/checkout",
        workflow: "deploy.yml",
        ref: "main",
        tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_GITHUB",
      },
    });
    await release(ctx, "1.4.0");
    dispatch({ ...allowPrivate, GITHUB_API_URL: `${api.url}/`, RELEASEBOARD_DEPLOY_TOKEN_GITHUB: "ghp_test123" });
    const [request] = await until(() => api.received.length > 0 && api.received);
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/repos/acme/checkout/actions/workflows/deploy.yml/dispatches");
    expect(request!.headers).toMatchObject({
      accept: "application/vnd.github+json",
      authorization: "Bearer ghp_test123",
      "x-github-api-version": "2022-11-28",
      "content-type": "application/json",
    });
    expect(request!.headers["user-agent"]).toBeTruthy();
    expect(JSON.parse(request!.body)).toEqual({
      ref: "main",
      inputs: { version: "1.4.0", sha: "a".repeat(40), environment: "staging" },
    });
    await until(async () => (await attempts())[0]?.outcome === "delivered");
  });

  it("triggers the GitLab pipeline with the release as variables", async () => {
    const api = await receiver([201]);
    const ctx = await setUp({
      gitlabPipeline: { project: "acme/checkout", ref: "main", tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_GITLAB" },
    });
    await release(ctx, "1.4.0");
    dispatch({ ...allowPrivate, GITLAB_URL: api.url, RELEASEBOARD_DEPLOY_TOKEN_GITLAB: "glptt-abc" });
    const [request] = await until(() => api.received.length > 0 && api.received);
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/api/v4/projects/acme%2Fcheckout/trigger/pipeline");
    expect(request!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(request!.body);
    expect(Object.fromEntries(form)).toEqual({
      token: "glptt-abc",
      ref: "main",
      "variables[version]": "1.4.0",
      "variables[sha]": "a".repeat(40),
      "variables[environment]": "staging",
    });
    await until(async () => (await attempts())[0]?.outcome === "delivered");
  });

  it("fails at once, with the reason, when the token variable is not set", async () => {
    const ctx = await setUp({
      githubWorkflow: {
        repository: "acme/checkout",
        workflow: "deploy.yml",
        ref: "main",
        tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_NOT_SET",
      },
    });
    await release(ctx, "1.4.0");
    dispatch({ ...allowPrivate, RELEASEBOARD_DEPLOY_TOKEN_NOT_SET: "" });
    const made = await until(async () => {
      const list = await attempts();
      return list.length > 0 ? list : undefined;
    });
    const attempt = made![0];
    expect(attempt).toMatchObject({
      outcome: "failed",
      error: expect.stringContaining("RELEASEBOARD_DEPLOY_TOKEN_NOT_SET is not set"),
    });
  });
});

/** A release entering staging, which a Jenkins job at `url` deploys, and the dispatcher running. */
async function deployWithJenkins(url: string) {
  const jenkins = {
    job: `${url}/job/deploy-search`,
    user: "releaseboard",
    tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_JENKINS",
  };
  await release(await setUp({ jenkins }), "1.4.0");
  dispatch({ ...allowPrivate, RELEASEBOARD_DEPLOY_TOKEN_JENKINS: "11aa22bb" });
}

describe("Argo CD, Buildkite and Jenkins deploy targets (server/domain/deploy-targets), as their APIs document", () => {
  it("syncs the Argo CD application to the release's commit with the account's bearer token", async () => {
    const argo = await receiver([200]);
    const ctx = await setUp({
      argoCd: { server: argo.url, application: "search-api", tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_ARGOCD" },
    });
    await release(ctx, "1.4.0");
    dispatch({ ...allowPrivate, RELEASEBOARD_DEPLOY_TOKEN_ARGOCD: "argocd-token" });
    const [request] = await until(() => argo.received.length > 0 && argo.received);
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/api/v1/applications/search-api/sync");
    expect(request!.headers).toMatchObject({
      authorization: "Bearer argocd-token",
      "content-type": "application/json",
    });
    expect(JSON.parse(request!.body)).toEqual({
      name: "search-api",
      revision: "a".repeat(40),
      prune: false,
      dryRun: false,
    });
    await until(async () => (await attempts())[0]?.outcome === "delivered");
  });

  it("refuses an Argo CD server on a private address unless the operator allows private targets", async () => {
    const argo = await receiver([200]);
    const ctx = await setUp({
      argoCd: { server: argo.url, application: "search-api", tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_ARGOCD" },
    });
    await release(ctx, "1.4.0");
    dispatch({
      ...process.env,
      RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "",
      RELEASEBOARD_DEPLOY_TOKEN_ARGOCD: "argocd-token",
    });
    const [attempt] = await until(async () => (await attempts()).length > 0 && attempts());
    expect(attempt).toMatchObject({ outcome: "failed", error: expect.stringContaining("refused") });
    expect(argo.received).toHaveLength(0);
  });

  it("creates a Buildkite build at the release's commit, the release in its env", async () => {
    const api = await receiver([201]);
    const ctx = await setUp({
      buildkite: {
        organization: "acme",
        pipeline: "search-deploy",
        branch: "main",
        tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_BUILDKITE",
      },
    });
    await release(ctx, "1.4.0");
    dispatch({ ...allowPrivate, BUILDKITE_API_URL: api.url, RELEASEBOARD_DEPLOY_TOKEN_BUILDKITE: "bkua_abc" });
    const [request] = await until(() => api.received.length > 0 && api.received);
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/v2/organizations/acme/pipelines/search-deploy/builds");
    expect(request!.headers).toMatchObject({ authorization: "Bearer bkua_abc", "content-type": "application/json" });
    expect(JSON.parse(request!.body)).toMatchObject({
      commit: "a".repeat(40),
      branch: "main",
      message: "Deploy 1.4.0 to staging",
      env: { RELEASEBOARD_VERSION: "1.4.0", RELEASEBOARD_SHA: "a".repeat(40), RELEASEBOARD_ENVIRONMENT: "staging" },
    });
    await until(async () => (await attempts())[0]?.outcome === "delivered");
  });

  it("builds the Jenkins job with parameters, as the user with their API token", async () => {
    const jenkins = await receiver([201]);
    await deployWithJenkins(jenkins.url);
    const [request] = await until(() => jenkins.received.length > 0 && jenkins.received);
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/job/deploy-search/buildWithParameters");
    expect(request!.headers).toMatchObject({
      authorization: `Basic ${Buffer.from("releaseboard:11aa22bb").toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      VERSION: "1.4.0",
      SHA: "a".repeat(40),
      ENVIRONMENT: "staging",
    });
    await until(async () => (await attempts())[0]?.outcome === "delivered");
  });

  it("retries a Jenkins answer of 503 with backoff, as every target", async () => {
    const jenkins = await receiver([503, 201]);
    await deployWithJenkins(jenkins.url);
    const [first] = await until(async () => (await attempts()).length > 0 && attempts());
    expect(first).toMatchObject({ outcome: "retry", statusCode: 503 });
  });
});

describe("deploy tokens (README: Deployments)", () => {
  it("reads only RELEASEBOARD_DEPLOY_TOKEN_… variables, handed down by config", () => {
    const env = outboundEnvFrom({
      SMTP_URL: "smtp://user:password@mail.example.com",
      RELEASEBOARD_DEPLOY_TOKEN_GITHUB: "ghp_test123",
      RELEASEBOARD_DEPLOY_TOKEN_EMPTY: "",
    });
    expect(env.deployTokens).toEqual({ RELEASEBOARD_DEPLOY_TOKEN_GITHUB: "ghp_test123" });
  });

  it("never sends another variable, even from a target stored before the rule", async () => {
    const api = await receiver([204]);
    const ctx = await setUp({
      githubWorkflow: {
        repository: "acme/checkout",
        workflow: "deploy.yml",
        ref: "main",
        tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_GITHUB",
      },
    });
    // A target saved by an earlier version, naming SMTP_URL.
    await writeTx(t.db, async (tx) => {
      await tx
        .update(environments)
        .set({
          deployTarget: {
            githubWorkflow: { repository: "acme/checkout", workflow: "d.yml", ref: "main", tokenEnv: "SMTP_URL" },
          },
        })
        .where(eq(environments.slug, "staging"));
    });
    await release(ctx, "1.4.0");
    dispatch({ ...allowPrivate, GITHUB_API_URL: api.url, SMTP_URL: "smtp://user:password@mail.example.com" });
    const made = await until(async () => {
      const list = await attempts();
      return list.length > 0 ? list : undefined;
    });
    const attempt = made![0];
    expect(attempt).toMatchObject({
      outcome: "failed",
      error: expect.stringContaining("must name a variable starting with RELEASEBOARD_DEPLOY_TOKEN_"),
    });
    expect(api.received).toHaveLength(0);
  });
});

describe("environments without a deploy target", () => {
  it("write no deployment and no outbox message", async () => {
    const ctx = testContext(t.db, manager);
    await givenProject(ctx, { slug: "plain", name: "Plain" }, [
      { slug: "dev", name: "Development" },
      { slug: "staging", name: "Staging" },
    ]);
    await createRelease({ ctx, input: { project: "plain", version: "1.0.0" } });
    await moveRelease({ ctx, input: { project: "plain", version: "1.0.0", to: "staging" } });
    expect(await t.db.select().from(outbox)).toHaveLength(0);
    expect(await t.db.select().from(deployments).where(eq(deployments.projectId, 1))).toHaveLength(0);
  });
});
