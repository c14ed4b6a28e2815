import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium";
import { freePortBlockSync } from "../server/testing/free-port";

// Ten free ports in a row, not fixed numbers, so the suite runs beside a demo or another run: the
// app, the first-run server (+1), the crash test (+2), and the specs' own receivers (+7 to +9).
// Chosen once in the runner; its workers inherit it through the environment.
process.env.E2E_PORT ||= String(freePortBlockSync(10));
const port = Number(process.env.E2E_PORT);
export const firstRunPort = port + 1;

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  // On Postgres (`npm run test:e2e:postgres`) these are left out: each starts servers of its own on
  // SQLite files it makes (the crash tests kill -9 a server on its file; mail, links and SSO need
  // settings of their own), so they would only run the SQLite run's tests again.
  testIgnore: process.env.E2E_POSTGRES_URL
    ? ["crash.spec.ts", "deploy-crash.spec.ts", "notifications.spec.ts", "people-links.spec.ts", "sso.spec.ts"]
    : [],
  outputDir: "../test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: { baseURL: `http://localhost:${port}`, trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1440, height: 900 },
        launchOptions: chromiumLaunchOptions(),
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
