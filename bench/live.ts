import { chromium } from "@playwright/test";
import { exited, startServer } from "../server/testing/spawn-server";
import { chromiumLaunchOptions } from "../e2e/chromium";
import { benchUser, freshDatabase, summary } from "./setup";

declare global {
  interface Window {
    __want?: string;
    __seenAt?: number | null;
  }
}

/**
 * From a result's 2xx to the change on a board open in headless Chromium. The page
 * watches its own DOM and stamps the moment the card's check chip shows the new status;
 * the clock is the machine's, shared by both processes.
 */
export async function benchLive(results: number) {
  const app = await freshDatabase("live");
  const port = 3304;
  const server = await startServer(app.file, port);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${port}/login`);
    await page.getByLabel("Email").fill(benchUser.email);
    await page.getByLabel("Password").fill(benchUser.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.goto(`http://localhost:${port}/projects/bench`);
    await page.getByText("Live", { exact: true }).waitFor();
    const card = page.getByRole("article", { name: "1.0.0" });
    await card.waitFor();
    await page.evaluate(() => {
      new MutationObserver(() => {
        if (window.__seenAt != null || !window.__want) return;
        const chip = [...document.querySelectorAll('article[aria-label="1.0.0"] [aria-label="Checks"] li')].find((li) =>
          li.textContent?.startsWith("unit:"),
        );
        if (chip?.textContent?.includes(window.__want)) window.__seenAt = Date.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });

    const latencies: number[] = [];
    for (let i = 0; i < results; i++) {
      const status = i % 2 === 0 ? "failed" : "passed";
      await page.evaluate((want) => {
        window.__want = want;
        window.__seenAt = null;
      }, `unit: ${status}`);
      const response = await fetch(`http://localhost:${port}/api/v1/projects/bench/releases/1.0.0/results`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${app.token}` },
        body: JSON.stringify({ environment: "dev", check: "unit", status }),
      });
      const acknowledged = Date.now();
      if (response.status !== 201) throw new Error(`result answered ${response.status}: ${await response.text()}`);
      await page.waitForFunction(() => window.__seenAt != null, undefined, { timeout: 10_000 });
      latencies.push(Math.max(0, (await page.evaluate(() => window.__seenAt!)) - acknowledged));
    }
    return summary(latencies);
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    await exited(server);
  }
}
