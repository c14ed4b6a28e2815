import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";

const root = path.resolve(__dirname, "../..");

/** A fresh temporary directory for each test, removed after it; read `.path` inside a test. */
export function tempDirPerTest(prefix: string) {
  const temp = { path: "" };
  beforeEach(() => {
    temp.path = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => fs.rmSync(temp.path, { recursive: true, force: true }));
  return temp;
}

/**
 * The command line as people run it (`server/cli/bin.mjs`), on the given database file: `env` adds
 * to its environment, `input` is its standard input, and `cwd` where it runs (the repository's folder).
 */
export function runCli(
  databasePath: string,
  args: string[],
  timeout = 30_000,
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
) {
  const result = spawnSync(process.execPath, [path.join(root, "server/cli/bin.mjs"), ...args], {
    cwd: options.cwd ?? root,
    input: options.input,
    env: { ...process.env, DATABASE_PATH: databasePath, BASE_URL: "", ...options.env },
    encoding: "utf8",
    timeout,
  });
  const stdout = result.stdout.trim();
  return { status: result.status, stdout, stderr: result.stderr.trim(), last: stdout.split("\n").at(-1) };
}
