import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

/**
 * db/migrations-pg is what drizzle-kit generates from db/schema-pg (`npm run db:generate:pg`):
 * generating again into a copy of the folder finds nothing to add. A schema change without its
 * migration fails here (the lockstep test keeps db/schema-pg in step with db/schema).
 */
it("has a migration for every change to the Postgres schema", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-pg-generate-"));
  try {
    const out = path.join(dir, "migrations-pg");
    fs.cpSync(path.join(root, "db/migrations-pg"), out, { recursive: true });
    const drizzleKit = path.join(root, "node_modules/drizzle-kit/bin.cjs");
    const args = ["generate", "--dialect", "postgresql", "--schema", "./db/schema-pg/index.ts"];
    // drizzle-kit takes --out relative to where it runs.
    const result = spawnSync(process.execPath, [drizzleKit, ...args, "--out", path.relative(root, out)], {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.stdout + result.stderr).toContain("No schema changes, nothing to migrate");
    expect(fs.readdirSync(out).sort()).toEqual(fs.readdirSync(path.join(root, "db/migrations-pg")).sort());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
