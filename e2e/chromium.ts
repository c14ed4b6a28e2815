import fs from "node:fs";
import { chromium } from "@playwright/test";

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
  throw new Error(
    "No Chromium found: install one with `apt-get install -y chromium` (or `npx playwright install chromium`).",
  );
}

/** How every test and benchmark launches Chromium: headless, quiet, no sandbox (containers). */
export const chromiumLaunchOptions = () => ({
  executablePath: chromiumPath(),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
