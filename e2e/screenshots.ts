import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { demoPassword, demoUsers } from "./support";

/**
 * `npm run screenshots`: serves the demo (production build, fresh database) and writes
 * public/screenshots/: the board and a release page as the release manager, the board in
 * dark mode, and the board and the sign-off inbox at phone size (390×844).
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

const shots = ["board.png", "release.png", "board-dark.png", "board-phone.png", "inbox-phone.png"];

/** A new browser context (its own size and colour scheme) signed in as one of the demo people. */
async function signedIn(browser: Browser, who: keyof typeof demoUsers, options: BrowserContextOptions) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(demoUsers[who]);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

/** Checkout's board once its cards are in (the live release is the last thing drawn). */
async function boardShot(page: Page, file: string) {
  await page.goto(`${base}/projects/checkout`);
  // A column (on a phone, the one shown): an empty one has no card to wait for.
  await page.getByRole("region").filter({ visible: true }).first().waitFor();
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(out, file) });
}

async function main() {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("no production build: run `npm run build` first");
  const server = spawn("npx", ["tsx", "e2e/serve.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), RELEASEBOARD_DEMO: "1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  try {
    await waitForReady(Date.now() + 60_000);
    const browser = await chromium.launch({
      executablePath: fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    fs.mkdirSync(out, { recursive: true });
    const desktop = { viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 };
    const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

    const page = await signedIn(browser, "manager", desktop);
    await boardShot(page, "board.png");
    await page.goto(`${base}/projects/checkout/releases/2.9.0`);
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    await page.screenshot({ path: path.join(out, "release.png"), fullPage: true });

    await boardShot(await signedIn(browser, "manager", { ...desktop, colorScheme: "dark" }), "board-dark.png");
    await boardShot(await signedIn(browser, "manager", phone), "board-phone.png");

    const owner = await signedIn(browser, "ben", phone);
    await owner.goto(`${base}/signoffs`);
    await owner.getByRole("article").first().waitFor();
    await owner.screenshot({ path: path.join(out, "inbox-phone.png") });
    await browser.close();
    console.log(`Wrote ${shots.join(", ")} in ${path.relative(root, out)}/`);
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(`screenshots: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
