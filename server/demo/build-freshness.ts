import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
const sourceDirs = ["app", "server", "db", "public"];
const builtCli = path.join(root, "server", "cli", "dist");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // The pre-built command line (server/cli/bundle.mjs) is an output, not a source.
    if (full === builtCli) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Runs `next build` when the sources are newer than the last build (for `npm run demo` and `npm run bench`). */
export function ensureFreshBuild(): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const sources = Math.max(
    ...sourceDirs
      .map((d) => path.join(root, d))
      .filter((d) => fs.existsSync(d))
      .map(newestSource),
    ...["package.json", "next.config.js"].map((f) => fs.statSync(path.join(root, f)).mtimeMs),
  );
  if (sources <= built) return;
  console.log(built ? "Sources changed since the last build; rebuilding…" : "Building the app (first run only)…");
  const build = spawnSync("npx", ["next", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
