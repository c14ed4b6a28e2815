import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { demoPassword, demoUsers } from "./support";

/**
 * `npm run screenshots`: serves the demo (production build, fresh database), signs in as
 * the release manager and writes public/screenshots/board.png and release.png.
 */
const root = path.resolve(__dirname, "..");
const port = 3290;
const base = `http://localhost:${port}`;
const out = path.join(root, "public", "screenshots");

async function waitForReady(deadline: number) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the demo server did not become ready in 60 s (run `npm run build` first?)");
}

async function main() {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  const server = spawn("npx", ["tsx", "e2e/serve.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), RELEASEBOARD_DEMO: "1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  try {
    await waitForReady(Date.now() + 60_000);
    const browser = await chromium.launch({
      executablePath: fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(demoUsers.manager);
    await page.getByLabel("Password").fill(demoPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    fs.mkdirSync(out, { recursive: true });
    await page.goto(`${base}/projects/checkout`);
    await page.getByText("Live", { exact: true }).waitFor();
    await page.screenshot({ path: path.join(out, "board.png") });
    await page.goto(`${base}/projects/checkout/releases/2.9.0`);
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    await page.screenshot({ path: path.join(out, "release.png"), fullPage: true });
    await browser.close();
    console.log(`Wrote ${path.relative(root, out)}/board.png and release.png`);
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(`screenshots: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
