import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContextOptions, type Page } from "@playwright/test";
import { signIn, type demoUsers } from "./support";
import { desktop, phone } from "./release-fixtures";

/**
 * axe-core on every page, at a desktop and a phone size. One test per page and size: six
 * analyses in one test outran its time budget on a busy 2-core machine.
 */
const pages: { url: string; who: keyof typeof demoUsers; loaded?: (page: Page) => Promise<void> }[] = [
  { url: "/", who: "manager" },
  { url: "/projects/checkout", who: "manager" },
  { url: "/projects/billing", who: "manager" },
  {
    url: "/projects/checkout/releases/2.9.0",
    who: "manager",
    loaded: (page) => expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible(),
  },
  {
    url: "/projects/billing/releases/5.7.0",
    who: "ana",
    loaded: (page) => expect(page.getByRole("group", { name: "Actions" })).toBeVisible(),
  },
  {
    url: "/projects/billing/settings",
    who: "manager",
    loaded: (page) => expect(page.getByRole("button", { name: "Save pipeline" })).toBeVisible(),
  },
  {
    url: "/projects/checkout/activity",
    who: "manager",
    loaded: (page) => expect(page.getByRole("table", { name: "Activity, newest first" })).toBeVisible(),
  },
  {
    url: "/activity",
    who: "manager",
    loaded: (page) => expect(page.getByRole("table", { name: "Activity, newest first" })).toBeVisible(),
  },
  { url: "/signoffs", who: "ana", loaded: (page) => expect(page.getByRole("article").first()).toBeVisible() },
  { url: "/profile", who: "manager" },
];

/** Each person signs in once, through the login page; every test then starts signed in. */
const sessions = new Map<string, BrowserContextOptions["storageState"]>();
test.beforeAll(async ({ browser }) => {
  for (const who of new Set(pages.map((p) => p.who))) {
    const context = await browser.newContext();
    await signIn(await context.newPage(), who);
    sessions.set(who, await context.storageState());
    await context.close();
  }
});

for (const size of [desktop, phone]) {
  for (const { url, who, loaded } of pages) {
    test(`no serious or critical accessibility violations on ${url} at ${size.width}×${size.height}`, async ({
      browser,
    }) => {
      // An axe analysis is heavy work: on a busy 2-core machine it may take a while.
      test.setTimeout(60_000);
      const context = await browser.newContext({ storageState: sessions.get(who), viewport: size });
      const page = await context.newPage();
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await loaded?.(page);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(
        serious.map(
          (v) =>
            `${url}: ${v.id}: ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(" "))
              .join(", ")}`,
        ),
      ).toEqual([]);
      await context.close();
    });
  }
}
