import { describe, expect, it } from "vitest";
import { evaluateGates, nextTimedClear, type GateFacts } from "./gates";
import type { PipelineEnvironment } from "./policy";
import { env, minutesAgo, now } from "./test-fixtures";
import {
  deployState,
  deployTargetSchema,
  describeDeployTarget,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
  type DeploymentFact,
} from "./deploy";
import { pipelineFileSchema } from "./pipeline-file";

const hook = { webhook: { url: "https://deploy.example.com/hooks/releaseboard" } };

const deployment = (status: DeploymentFact["status"], more: Partial<DeploymentFact> = {}): DeploymentFact => ({
  environmentId: 2,
  status,
  requestedAt: minutesAgo(50),
  statusAt: minutesAgo(40),
  succeededAt: status === "succeeded" ? minutesAgo(40) : null,
  url: null,
  description: null,
  ...more,
});

/** A release in Staging (deployed by a webhook, entered 60 min ago) on its way to Production. */
function facts(
  fact: DeploymentFact | null,
  production: Partial<PipelineEnvironment> = {},
  staging: Partial<PipelineEnvironment> = { deployTarget: hook },
): GateFacts {
  return {
    release: {
      id: 1,
      version: "2.0.0",
      createdAt: minutesAgo(90),
      environmentId: 2,
      enteredAt: minutesAgo(60),
      held: null,
    },
    current: [],
    pipeline: [env(1, "Development"), env(2, "Staging", staging), env(3, "Production", production)],
    checks: [],
    signoffs: [],
    tasks: [],
    locks: [],
    freezeWindows: new Map(),
    deployment: fact,
    now,
  };
}

const item = (f: GateFacts, gate: string) => evaluateGates(f, 3)!.items.find((i) => i.gate === gate);

describe("gate deployed", () => {
  it("waits for the deploy into the previous environment to succeed", () => {
    for (const status of ["requested", "queued", "in_progress"] as const) {
      const evaluation = evaluateGates(facts(deployment(status)), 3)!;
      expect(evaluation.allMet).toBe(false);
      expect(evaluation.failing).toEqual(["deployed"]);
      expect(item(facts(deployment(status)), "deployed")).toMatchObject({
        met: false,
        reason: "waiting for the deploy to Staging to succeed",
        clearedBy: "the deploy system",
      });
    }
    expect(item(facts(deployment("succeeded")), "deployed")).toMatchObject({
      met: true,
      reason: "deployed to Staging 40 minutes ago",
    });
    expect(evaluateGates(facts(deployment("succeeded")), 3)!.allMet).toBe(true);
  });

  it("says why a failed or missing deploy blocks, and who can act", () => {
    expect(item(facts(deployment("failed", { description: "pods crash-looping" })), "deployed")).toMatchObject({
      met: false,
      reason: "the deploy to Staging failed: pods crash-looping",
      clearedBy: "release managers (Retry deploy or roll back)",
    });
    expect(item(facts(deployment("cancelled")), "deployed")).toMatchObject({
      met: false,
      reason: "the deploy to Staging was cancelled",
    });
    expect(item(facts(null), "deployed")).toMatchObject({
      met: false,
      reason: "no deploy to Staging was requested for this release",
    });
  });

  it("reads only a deploy into the environment the release is in", () => {
    expect(item(facts(deployment("succeeded", { environmentId: 1 })), "deployed")).toMatchObject({ met: false });
  });

  it("does not exist without a deploy target: behaviour as before", () => {
    const plain = facts(null, {}, {});
    expect(item(plain, "deployed")).toBeUndefined();
    expect(evaluateGates(plain, 3)!.allMet).toBe(true);
  });
});

describe("soak with a deploy target", () => {
  it("starts at the deploy's success, not at the move", () => {
    // Entered 60 min ago, deployed 40 min ago: a 45 min soak has 5 min to go.
    const soak = item(facts(deployment("succeeded"), { minSoakMinutes: 45 }), "soak")!;
    expect(soak).toMatchObject({ met: false, clearedBy: "time" });
    expect(soak.clearsAt).toEqual(new Date(minutesAgo(40).getTime() + 45 * 60_000));
    expect(item(facts(deployment("succeeded"), { minSoakMinutes: 30 }), "soak")).toMatchObject({ met: true });
  });

  it("has not started while the deploy runs, and is not a timed gate then", () => {
    const f = facts(deployment("in_progress"), { minSoakMinutes: 5 });
    expect(item(f, "soak")).toMatchObject({
      met: false,
      reason: "soaks 5 min in Staging once the deploy there succeeds",
    });
    expect(nextTimedClear(evaluateGates(f, 3)!)).toBeNull();
  });
});

describe("deployState", () => {
  it("labels the card, and says so when no report came in time", () => {
    expect(deployState(deployment("in_progress", { statusAt: minutesAgo(5) }), null, now)).toMatchObject({
      phase: "deploying",
      label: "Deploying…",
    });
    expect(deployState(deployment("requested", { statusAt: minutesAgo(61) }), null, now)).toMatchObject({
      phase: "overdue",
      label: "No deploy report in 60 min",
    });
    expect(deployState(deployment("queued", { statusAt: minutesAgo(11) }), 10, now)).toMatchObject({
      phase: "overdue",
    });
    expect(deployState(deployment("succeeded"), 10, now)).toMatchObject({ phase: "deployed", label: "Deployed" });
    expect(deployState(deployment("failed", { description: "boom", url: "https://ci/1" }), 10, now)).toMatchObject({
      phase: "failed",
      label: "Deploy failed",
      description: "boom",
      url: "https://ci/1",
    });
  });
});

describe("retries", () => {
  it("backs off exponentially with full jitter; the first retry comes within 2 s", () => {
    expect(retryDelayMs(1, 0.999, null)).toBeLessThan(2000);
    expect(retryDelayMs(3, 1, null)).toBe(4000);
    expect(retryDelayMs(3, 0, null)).toBe(0);
    expect(retryDelayMs(40, 1, null)).toBe(60 * 60_000);
  });
  it("honours Retry-After as a floor", () => {
    expect(retryDelayMs(1, 0.5, 30_000)).toBe(30_000);
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter(new Date(now.getTime() + 90_000).toUTCString(), now)).toBe(90_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
  });
  it("retries 408, 429 and 5xx; other 4xx are final", () => {
    expect([408, 429, 500, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 404, 410, 422].some(isRetryableStatus)).toBe(false);
  });
});

describe("deploy targets in the pipeline file", () => {
  it("takes the three kinds of deploy target (README: Deployments) and refuses anything else", () => {
    expect(deployTargetSchema.safeParse(hook).success).toBe(true);
    expect(
      deployTargetSchema.safeParse({
        githubWorkflow: {
          repository: "acme/checkout",
          workflow: "deploy.yml",
          ref: "main",
          tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_GITHUB",
        },
      }).success,
    ).toBe(true);
    expect(
      deployTargetSchema.safeParse({
        gitlabPipeline: { project: "acme/checkout", ref: "main", tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_GITLAB" },
      }).success,
    ).toBe(true);
    expect(deployTargetSchema.safeParse({ webhook: { url: "ftp://x" } }).success).toBe(false);
    expect(
      deployTargetSchema.safeParse({
        githubWorkflow: { repository: "acme/checkout", workflow: "deploy.yml", ref: "main", token: "ghp_secret" },
      }).success,
    ).toBe(false);
    const file = pipelineFileSchema.safeParse({
      project: "p",
      name: "P",
      environments: [{ slug: "staging", name: "Staging", deploy: { ssh: "root@host" } }],
    });
    expect(file.success).toBe(false);
  });

  it("lets tokenEnv name only RELEASEBOARD_DEPLOY_TOKEN_… variables, with one message whatever the name", () => {
    const messages = new Set<string>();
    for (const tokenEnv of [
      "SMTP_URL",
      "AUTH_SECRET",
      "GITHUB_DEPLOY_TOKEN",
      "PATH",
      "RELEASEBOARD_DEPLOY_TOKEN_",
      "x",
    ]) {
      for (const target of [
        { githubWorkflow: { repository: "acme/checkout", workflow: "deploy.yml", ref: "main", tokenEnv } },
        { gitlabPipeline: { project: "acme/checkout", ref: "main", tokenEnv } },
      ]) {
        const parsed = deployTargetSchema.safeParse(target);
        expect(parsed.success, tokenEnv).toBe(false);
        for (const issue of parsed.error!.issues) messages.add(issue.message);
      }
    }
    expect([...messages]).toEqual([
      "must be the name of a server environment variable starting with RELEASEBOARD_DEPLOY_TOKEN_, such as RELEASEBOARD_DEPLOY_TOKEN_GITHUB",
    ]);
  });
});

describe("deploy target kinds from the registry (server/domain/deploy-targets)", () => {
  const argo = {
    argoCd: { server: "https://argocd.example.com", application: "shop", tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_ARGO" },
  };
  const jenkinsJob = (job: string) => ({ jenkins: { job, user: "rb", tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_JENKINS" } });

  it("takes each kind with its fields, and refuses a second kind or a stray field", () => {
    expect(deployTargetSchema.safeParse(argo).success).toBe(true);
    expect(
      deployTargetSchema.safeParse({
        buildkite: {
          organization: "acme",
          pipeline: "deploy",
          branch: "main",
          tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_BK",
        },
      }).success,
    ).toBe(true);
    expect(deployTargetSchema.safeParse(jenkinsJob("https://ci.example.com/job/deploy")).success).toBe(true);
    expect(deployTargetSchema.safeParse({ ...argo, ...hook }).success).toBe(false);
    expect(deployTargetSchema.safeParse({ argoCd: { ...argo.argoCd, insecure: "true" } }).success).toBe(false);
  });

  it("refuses a Jenkins URL that is not a job's, and a token that is not a RELEASEBOARD_DEPLOY_TOKEN_ variable", () => {
    expect(deployTargetSchema.safeParse(jenkinsJob("https://ci.example.com/")).success).toBe(false);
    const leaky = { argoCd: { ...argo.argoCd, tokenEnv: "AUTH_SECRET" } };
    expect(deployTargetSchema.safeParse(leaky).success).toBe(false);
  });

  it("names every kind in its error, and describes a target without a URL's path", () => {
    const refused = deployTargetSchema.safeParse({ spinnaker: {} });
    expect(refused.success ? "" : refused.error.issues[0]!.message).toMatch(
      /argoCd: \{ server, application, tokenEnv \}/,
    );
    expect(describeDeployTarget(jenkinsJob("https://ci.example.com/secret-path/job/deploy"))).toBe(
      "Jenkins job deploy at https://ci.example.com/…",
    );
    expect(describeDeployTarget(argo)).toBe("Argo CD application shop at https://argocd.example.com/…");
  });
});
