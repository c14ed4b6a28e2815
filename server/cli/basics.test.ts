import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli, tempDirPerTest } from "../testing/cli";
import packageJson from "../../package.json";

/** What a newcomer meets first: the version, a mistyped DATABASE_PATH, one line per error. */
const temp = tempDirPerTest("releaseboard-cli-");

const cli = (file: string, ...args: string[]) => runCli(file, args, 60_000);

it("prints its version", () => {
  expect(cli(path.join(temp.path, "x.db"), "--version")).toMatchObject({ status: 0, stdout: packageJson.version });
}, 90_000);

const refusal = (file: string) =>
  `releaseboard: no database at ${file}: set DATABASE_PATH to Releaseboard's database file` +
  " or create one with: releaseboard db migrate";

it("refuses every command but `db migrate` and `user add` on a database that is not there, naming the path, and creates nothing", () => {
  const missing = path.join(temp.path, "typo", "releaseboard.db");
  const pipelineFile = path.join(temp.path, "checkout.yaml");
  fs.writeFileSync(pipelineFile, "project: checkout\nname: Checkout\nenvironments:\n  - { slug: dev, name: Dev }\n");
  for (const args of [
    ["user", "list"],
    ["user", "set-role", "--email", "ana@example.com", "--role", "viewer"],
    ["user", "disable", "--email", "ana@example.com"],
    ["token", "list", "--project", "checkout"],
    ["token", "create", "--project", "checkout", "--name", "ci"],
    ["token", "revoke", "--project", "checkout", "--id", "1"],
    ["pipeline", "apply", pipelineFile],
    ["pipeline", "export", "checkout"],
    ["secret", "show", "--project", "checkout"],
    ["secret", "rotate", "--project", "checkout"],
    ["demo", "seed"],
    ["db", "backup", path.join(temp.path, "copy.db")],
  ]) {
    const result = cli(missing, ...args);
    expect(result.status, args.join(" ")).toBe(1);
    expect(result.stderr, args.join(" ")).toBe(refusal(missing));
  }
  expect(fs.existsSync(path.dirname(missing))).toBe(false);
  expect(fs.existsSync(path.join(temp.path, "copy.db"))).toBe(false);
}, 240_000);

it("`db migrate` and the first `user add` create the database", () => {
  const migrated = path.join(temp.path, "new", "releaseboard.db");
  expect(cli(migrated, "db", "migrate")).toMatchObject({ status: 0, stdout: `Migrations applied to ${migrated}` });
  expect(cli(migrated, "user", "list")).toMatchObject({ status: 0 });

  const first = path.join(temp.path, "first", "releaseboard.db");
  const added = spawnSync(
    process.execPath,
    ["server/cli/bin.mjs", "user", "add", "--email", "ada@example.com"].concat([
      "--name",
      "Ada",
      "--role",
      "admin",
      "--password-stdin",
    ]),
    {
      cwd: path.resolve(__dirname, "../.."),
      env: { ...process.env, DATABASE_PATH: first, BASE_URL: "" },
      input: "a long enough password\n",
      encoding: "utf8",
    },
  );
  expect(added.stdout.trim()).toBe("Added Ada <ada@example.com> as admin");
  expect(cli(first, "user", "list").stdout).toMatch(/^ada@example.com\tadmin\tAda$/);
}, 120_000);

it("run where the demo keeps its data, a refusal gives the demo's DATABASE_PATH", () => {
  // `npm run demo` writes ./data/demo.db; the CLI's default is ./data/releaseboard.db.
  fs.mkdirSync(path.join(temp.path, "data"));
  fs.writeFileSync(path.join(temp.path, "data", "demo.db"), "");
  const result = runCli(
    "./data/releaseboard.db",
    ["token", "create", "--project", "checkout", "--name", "ci"],
    60_000,
    { cwd: temp.path },
  );
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(
    "releaseboard: no database at ./data/releaseboard.db: set DATABASE_PATH to Releaseboard's database file" +
      " (the demo's is DATABASE_PATH=./data/demo.db) or create one with: releaseboard db migrate",
  );
  expect(fs.readdirSync(path.join(temp.path, "data"))).toEqual(["demo.db"]);
}, 90_000);

it("prints each problem of a refused input once", () => {
  const file = path.join(temp.path, "cli.db");
  const one = cli(
    file,
    "user",
    "add",
    "--email",
    "not-an-email",
    "--name",
    "X",
    "--role",
    "viewer",
    "--password-stdin",
  );
  expect(one.status).toBe(1);
  expect(one.stderr.split("\n")).toEqual([
    "releaseboard: 2 problems:",
    "  email: must be an email address",
    "  password: must be at least 12 characters",
  ]);
}, 90_000);
