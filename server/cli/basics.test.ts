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

it("refuses to read a database that is not there, naming the path, and creates nothing", () => {
  const missing = path.join(temp.path, "typo", "releaseboard.db");
  for (const args of [
    ["user", "list"],
    ["token", "list", "--project", "checkout"],
    ["pipeline", "export", "checkout"],
    ["secret", "show", "--project", "checkout"],
  ]) {
    const result = cli(missing, ...args);
    expect(result.status, args.join(" ")).toBe(1);
    expect(result.stderr).toBe(
      `releaseboard: no database at ${missing}: set DATABASE_PATH to Releaseboard's database file`,
    );
  }
  expect(fs.existsSync(path.dirname(missing))).toBe(false);
}, 240_000);

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
