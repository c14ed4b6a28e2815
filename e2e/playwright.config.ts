import fs from "node:fs";
import { chromium, defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
export const firstRunPort = port + 1;

/** Debian's Chromium when installed (browser downloads are blocked here), else Playwright's own. */
function chromiumPath(): string | undefined {
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  let bundled = "";
  try {
    bundled = chromium.executablePath();
  } catch {
    // no bundled browser registered
  }
  if (bundled && fs.existsSync(bundled)) return undefined;
  throw new Error("No Chromium found: install one with `apt-get install -y chromium` (or `npx playwright install chromium`).");
}

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  outputDir: "../test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath: chromiumPath(),
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: "npx tsx e2e/serve.ts",
      cwd: "..",
      url: `http://localhost:${port}/api/ready`,
      env: { PORT: String(port), NEXT_TELEMETRY_DISABLED: "1", RELEASEBOARD_DEMO: "1" },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // A second server on an empty database, not in demo mode: the first-run page.
      command: "npx tsx e2e/serve.ts",
      cwd: "..",
      url: `http://localhost:${firstRunPort}/api/ready`,
      env: { PORT: String(firstRunPort), NEXT_TELEMETRY_DISABLED: "1", RELEASEBOARD_DEMO: "0" },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
