import fs from "node:fs";
import path from "node:path";
import { beforeEach, expect, it } from "vitest";
import { runCli, tempDirPerTest } from "../testing/cli";
import YAML from "yaml";

/** Deploy targets through `pipeline apply|export`, and `secret show|rotate --outbound`, as people run them. */
const temp = tempDirPerTest("releaseboard-cli-deploy-");

const cli = (...args: string[]) => runCli(path.join(temp.path, "cli.db"), args);
// Only `db migrate` (and a first `user add`) create the database file.
beforeEach(() => void cli("db", "migrate"));

// Exactly the syntax of README "Deployments".
const pipeline = `project: checkout
name: Checkout service
environments:
  - { slug: dev, name: Development }
  - slug: staging
    name: Staging
    deploy: { webhook: { url: "https://deploy.example.com/hooks/releaseboard" } }
    deployTimeoutMinutes: 20
  - slug: production
    name: Production
    deploy: { githubWorkflow: { repository: "acme/checkout", workflow: "deploy.yml", ref: "main", tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_GITHUB" } }
`;

it("applies and exports deploy targets unchanged, and refuses a token in the file", () => {
  const file = path.join(temp.path, "pipeline.yaml");
  fs.writeFileSync(file, pipeline);
  expect(cli("pipeline", "apply", file)).toMatchObject({ status: 0 });
  const exported = YAML.parse(cli("pipeline", "export", "checkout").stdout) as {
    environments: Record<string, unknown>[];
  };
  expect(exported.environments[1]).toMatchObject({
    deploy: { webhook: { url: "https://deploy.example.com/hooks/releaseboard" } },
    deployTimeoutMinutes: 20,
  });
  expect(exported.environments[2]).toMatchObject({
    deploy: {
      githubWorkflow: {
        repository: "acme/checkout",
        workflow: "deploy.yml",
        ref: "main",
        tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_GITHUB",
      },
    },
  });
  expect(exported.environments[0]).not.toHaveProperty("deploy");
  expect(cli("pipeline", "apply", file).stdout).toBe("Project checkout is up to date; nothing changed");

  const gitlab = pipeline.replace(
    /deploy: \{ githubWorkflow.*\n/,
    'deploy: { gitlabPipeline: { project: "acme/checkout", ref: "main", tokenEnv: "RELEASEBOARD_DEPLOY_TOKEN_GITLAB", token: "glptt-secret" } }\n',
  );
  fs.writeFileSync(file, gitlab);
  const refused = cli("pipeline", "apply", file);
  expect(refused.status).not.toBe(0);
  expect(refused.stderr).toContain("environments.2.deploy");
}, 120_000);

it("shows and rotates the outbound secret apart from the inbound one", () => {
  const file = path.join(temp.path, "pipeline.yaml");
  fs.writeFileSync(file, pipeline);
  cli("pipeline", "apply", file);
  const inbound = cli("secret", "show", "--project", "checkout").last;
  const outbound = cli("secret", "show", "--project", "checkout", "--outbound").last;
  expect(outbound).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  expect(outbound).not.toBe(inbound);
  const rotated = cli("secret", "rotate", "--project", "checkout", "--outbound").last;
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(outbound);
  expect(cli("secret", "show", "--project", "checkout", "--outbound").last).toBe(rotated);
  expect(cli("secret", "show", "--project", "checkout").last).toBe(inbound);
}, 180_000);
