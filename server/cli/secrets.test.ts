import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { runCli, tempDirPerTest } from "../testing/cli";

/** Issue 22, item 15: the CLI run without the server's AUTH_SECRET must not touch the signing secrets. */
const temp = tempDirPerTest("releaseboard-cli-secrets-");

const serverSecret = "s".repeat(40);
const pipeline = `project: checkout
name: Checkout
environments:
  - { slug: dev, name: Development }
  - { slug: prod, name: Production }
`;

const secretRows = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("select purpose, expires_at as expiresAt from signing_secrets order by id").all();
  } finally {
    db.close();
  }
};

it("refuses secret commands under another AUTH_SECRET, naming it, and adds no secret", () => {
  const file = path.join(temp.path, "releaseboard.db");
  const pipelineFile = path.join(temp.path, "checkout.yaml");
  fs.writeFileSync(pipelineFile, pipeline);
  const asServer = (...args: string[]) => runCli(file, args, 60_000, { env: { AUTH_SECRET: serverSecret } });
  expect(asServer("db", "migrate")).toMatchObject({ status: 0 });
  expect(asServer("pipeline", "apply", pipelineFile)).toMatchObject({ status: 0 });
  const outbound = asServer("secret", "show", "--project", "checkout", "--outbound");
  expect(outbound).toMatchObject({ status: 0, last: expect.stringMatching(/^whsec_/) as unknown });
  const before = secretRows(file);

  for (const env of [{ AUTH_SECRET: "" }, { AUTH_SECRET: "o".repeat(40) }]) {
    for (const args of [
      ["secret", "show", "--project", "checkout", "--outbound"],
      ["secret", "show", "--project", "checkout"],
      ["secret", "rotate", "--project", "checkout", "--outbound"],
      ["pipeline", "apply", pipelineFile.replace("checkout.yaml", "other.yaml")],
    ]) {
      if (args[0] === "pipeline") fs.writeFileSync(args[2]!, pipeline.replace(/checkout/gi, "other"));
      const refused = runCli(file, args, 60_000, { env });
      expect(refused.status, `${args.join(" ")} with ${JSON.stringify(env)}`).toBe(1);
      expect(refused.stderr.split("\n")).toHaveLength(1);
      expect(refused.stderr).toMatch(/^releaseboard: AUTH_SECRET (differs from the server's|is not set here)/);
      expect(refused.stdout).toBe("");
    }
  }
  expect(secretRows(file)).toEqual(before);
  // With the server's AUTH_SECRET, the same outbound secret as before: no second one was made.
  expect(asServer("secret", "show", "--project", "checkout", "--outbound").last).toBe(outbound.last);
}, 240_000);

it("after AUTH_SECRET was changed on purpose, `secret rotate --force` makes secrets the new one opens", () => {
  const file = path.join(temp.path, "releaseboard.db");
  const pipelineFile = path.join(temp.path, "checkout.yaml");
  fs.writeFileSync(pipelineFile, pipeline);
  expect(runCli(file, ["db", "migrate"], 60_000).status).toBe(0);
  expect(runCli(file, ["pipeline", "apply", pipelineFile], 60_000, { env: { AUTH_SECRET: serverSecret } }).status).toBe(
    0,
  );
  const changed = { AUTH_SECRET: "n".repeat(40) };
  expect(runCli(file, ["secret", "show", "--project", "checkout"], 60_000, { env: changed }).status).toBe(1);
  const rotated = runCli(file, ["secret", "rotate", "--project", "checkout", "--force"], 60_000, { env: changed });
  expect(rotated).toMatchObject({ status: 0, last: expect.stringMatching(/^whsec_/) as unknown });
  expect(runCli(file, ["secret", "show", "--project", "checkout"], 60_000, { env: changed }).last).toBe(rotated.last);
}, 240_000);
