import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    // Vitest puts BASE_URL="/" in the environment (a Vite convention); start from none.
    env: { ...process.env, BASE_URL: "", NEXT_TELEMETRY_DISABLED: "1", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

it.each(["abc", "0", "70000", "80.5"])("stops with one clear line when PORT is %s", (port) => {
  const { status, stderr } = start({ PORT: port });
  expect(status).toBe(1);
  expect(stderr).toBe("releaseboard: PORT must be a whole number between 1 and 65535");
});

it("stops with one clear line when BASE_URL is not a URL", () => {
  const { status, stderr } = start({ BASE_URL: "releases.example.com" });
  expect(status).toBe(1);
  expect(stderr.split("\n")).toHaveLength(1);
  expect(stderr).toMatch(/^releaseboard: BASE_URL must be an absolute http\(s\) URL/);
});

it("stops with one clear line when DATABASE_PATH cannot be written", () => {
  // A path below a regular file can never be created, even by root.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-start-"));
  const blocker = path.join(dir, "not-a-directory");
  fs.writeFileSync(blocker, "");
  try {
    const { status, stderr } = start({ DATABASE_PATH: path.join(blocker, "board.db"), PORT: "3999" });
    expect(status).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(
      /^releaseboard: cannot open the database at .*not-a-directory\/board\.db: a part of .* is a file, not a folder$/,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
