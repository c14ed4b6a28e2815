import { chromium, type Page } from "@playwright/test";
import { exited, startServer } from "../server/testing/spawn-server";
import { chromiumLaunchOptions } from "../e2e/chromium";
import { signIn } from "./setup";

/** Starts the app on `file` at `port`, signs the bench user in in headless Chromium, and runs `work` on that page; all stopped after. */
export async function withSignedInPage<T>(file: string, port: number, work: (page: Page) => Promise<T>): Promise<T> {
  const server = await startServer(file, port);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, port);
    return await work(page);
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    await exited(server);
  }
}
