import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { demoPassword, demoUsers } from "./support";

/**
 * `npm run screenshots`: serves the demo (production build, fresh database) and writes
 * public/screenshots/: the board, a release page, the sign-off inbox, insights and a project's
 * settings, each at 1440×900 and 390×844, in light and dark (`board-1440-light.png` …).
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

/** The five faces of the design language, each as the person who uses it most. */
const faces: { name: string; who: keyof typeof demoUsers; url: string; ready: (page: Page) => Promise<void> }[] = [
  {
    name: "board",
    who: "manager",
    url: "/projects/checkout",
    // A column (on a phone, the one shown): an empty one has no card to wait for.
    ready: (page) => page.getByRole("region").filter({ visible: true }).first().waitFor(),
  },
  {
    name: "release",
    who: "manager",
    url: "/projects/checkout/releases/2.9.0",
    ready: (page) => page.getByRole("heading", { name: "Timeline" }).waitFor(),
  },
  { name: "inbox", who: "ben", url: "/signoffs", ready: (page) => page.getByRole("article").first().waitFor() },
  {
    name: "insights",
    who: "manager",
    url: "/insights",
    ready: (page) => page.getByRole("heading", { level: 1 }).waitFor(),
  },
  {
    name: "settings",
    who: "manager",
    url: "/projects/checkout/settings",
    ready: (page) => page.getByRole("button", { name: "Save pipeline" }).waitFor(),
  },
];

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

async function main() {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("no production build: run `npm run build` first");
  const server = spawn("npx", ["tsx", "e2e/serve.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), RELEASEBOARD_DEMO: "1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
    // Its own process group, so stopping it stops tsx and the server under npx too: a server
    // left behind would answer the next run with an older build.
    detached: true,
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
    const sizes = {
      1440: { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 },
      390: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    } satisfies Record<number, BrowserContextOptions>;
    const written: string[] = [];
    for (const colorScheme of ["light", "dark"] as const) {
      for (const [width, size] of Object.entries(sizes)) {
        const pages = new Map<string, Page>();
        for (const face of faces) {
          if (!pages.has(face.who)) pages.set(face.who, await signedIn(browser, face.who, { ...size, colorScheme }));
          const page = pages.get(face.who)!;
          await page.goto(`${base}${face.url}`);
          await page.getByRole("heading", { level: 1 }).waitFor();
          await face.ready(page);
          await page.evaluate(() => document.fonts.ready);
          const file = `${face.name}-${width}-${colorScheme}.png`;
          await page.screenshot({ path: path.join(out, file) });
          written.push(file);
        }
        for (const page of pages.values()) await page.context().close();
      }
    }
    await browser.close();
    console.log(`Wrote ${written.length} screenshots in ${path.relative(root, out)}/`);
  } finally {
    process.kill(-server.pid!, "SIGTERM");
  }
}

main().catch((error) => {
  console.error(`screenshots: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
