import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { performance } from "node:perf_hooks";
import { chromium } from "@playwright/test";
import { exited } from "../server/testing/spawn-server";
import { chromiumLaunchOptions } from "../e2e/chromium";
import { freshDatabase, signIn, summary } from "./setup";

const root = path.resolve(__dirname, "..");

function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Process start to /api/ready answering 200, on a migrated database (the server as `npm start` runs it). */
async function startToReady(file: string, port: number) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_PATH: file,
      BASE_URL: "",
      RELEASEBOARD_DEMO: "0",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (;;) {
    try {
      if ((await fetch(`http://localhost:${port}/api/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || performance.now() - t0 > 60_000) throw new Error("server did not start");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, ms: performance.now() - t0 };
}

/** The JavaScript a first visit to a board downloads, gzipped as it would travel, from the build's files. */
async function boardFirstLoadJs(port: number) {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, port);
    // A fresh context with the session: nothing cached, as on a first visit.
    const state = await page.context().storageState();
    const fresh = await browser.newContext({ storageState: state, viewport: { width: 1440, height: 900 } });
    const board = await fresh.newPage();
    const scripts = new Set<string>();
    board.on("response", (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith("/_next/static/") && url.pathname.endsWith(".js")) scripts.add(url.pathname);
    });
    await board.goto(`http://localhost:${port}/projects/bench`);
    await board.getByRole("region", { name: "Development" }).waitFor();
    await board.waitForLoadState("networkidle");
    let raw = 0;
    let gzip = 0;
    for (const pathname of scripts) {
      const file = path.join(root, ".next", "static", decodeURIComponent(pathname.slice("/_next/static/".length)));
      const bytes = fs.readFileSync(file);
      raw += bytes.length;
      gzip += zlib.gzipSync(bytes, { level: 9 }).length;
    }
    return { files: scripts.size, rawKiB: raw / 1024, gzipKiB: gzip / 1024 };
  } finally {
    await browser.close();
  }
}

/** `npx releaseboard …` and the CLI's own start, on the bench database. */
function cliTimes(file: string, runs: number) {
  const time = (command: string, args: string[]) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const result = spawnSync(command, args, {
        cwd: root,
        env: { ...process.env, DATABASE_PATH: file },
        encoding: "utf8",
      });
      if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
      samples.push(performance.now() - t0);
    }
    return summary(samples);
  };
  // The first run builds the bundle if the sources changed; not counted.
  time(process.execPath, ["server/cli/bin.mjs", "--version"]);
  return {
    version: time(process.execPath, ["server/cli/bin.mjs", "--version"]),
    userList: time(process.execPath, ["server/cli/bin.mjs", "user", "list"]),
    npxVersion: time("npx", ["releaseboard", "--version"]),
    npxUserList: time("npx", ["releaseboard", "user", "list"]),
  };
}

export async function benchStartup(runs: number) {
  const app = await freshDatabase("startup");
  app.db.$client.close();
  const port = 3308;
  const starts: number[] = [];
  let idleRssMiB: number | null = null;
  let firstLoad: Awaited<ReturnType<typeof boardFirstLoadJs>> | null = null;
  for (let i = 0; i < runs; i++) {
    const { child, ms } = await startToReady(app.file, port);
    starts.push(ms);
    if (i === runs - 1) {
      firstLoad = await boardFirstLoadJs(port);
      // Idle after serving a board once: what the process holds while nobody is using it.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      idleRssMiB = rssMiB(child.pid!);
    }
    child.kill("SIGTERM");
    await exited(child);
  }
  return { start: summary(starts), idleRssMiB, firstLoad: firstLoad!, cli: cliTimes(app.file, runs) };
}
