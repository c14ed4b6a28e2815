import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContextOptions, type Page } from "@playwright/test";
import { signIn, type demoUsers } from "./support";
import { desktop, phone } from "./release-fixtures";

/**
 * axe-core on every page, at a desktop and a phone size. One test per page and size: six
 * analyses in one test outran its time budget on a busy 2-core machine.
 */
/** The activity log: a table from `sm` up, a list on a phone. */
const activityEntries = (page: Page) =>
  page
    .getByRole("table", { name: "Activity, newest first" })
    .or(page.getByRole("list", { name: "Activity, newest first" }))
    .filter({ visible: true });

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
  { url: "/projects/checkout/activity", who: "manager", loaded: (page) => expect(activityEntries(page)).toBeVisible() },
  { url: "/activity", who: "manager", loaded: (page) => expect(activityEntries(page)).toBeVisible() },
  { url: "/signoffs", who: "ana", loaded: (page) => expect(page.getByRole("article").first()).toBeVisible() },
  { url: "/profile", who: "manager" },
  {
    url: "/people",
    who: "admin",
    loaded: (page) => expect(page.getByRole("button", { name: "Send invitation" })).toBeVisible(),
  },
  { url: "/insights", who: "manager" },
];

/** axe's serious and critical findings on the page, each as "url: rule: first targets". */
async function seriousViolations(page: Page, url: string) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${url}: ${v.id}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
    );
}

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

/**
 * Light at both sizes on every page; dark at both sizes on the design language's five faces
 * (issue 29): the board, a release page, the sign-off inbox, insights and settings.
 */
const darkFaces = [
  "/projects/checkout",
  "/projects/checkout/releases/2.9.0",
  "/signoffs",
  "/insights",
  "/projects/billing/settings",
];
for (const colorScheme of ["light", "dark"] as const) {
  for (const size of [desktop, phone]) {
    for (const { url, who, loaded } of pages.filter((p) => colorScheme === "light" || darkFaces.includes(p.url))) {
      const scheme = colorScheme === "dark" ? "in dark mode, " : "";
      test(`${scheme}no serious or critical accessibility violations on ${url} at ${size.width}×${size.height}`, async ({
        browser,
      }) => {
        // An axe analysis is heavy work: on a busy 2-core machine it may take a while.
        test.setTimeout(60_000);
        // Reduced motion: a live change's brief highlight (a card flashing as the demo's scheduler moves
        // it) would otherwise be measured mid-fade, a contrast no one reads; axe checks the settled page.
        const context = await browser.newContext({
          storageState: sessions.get(who),
          viewport: size,
          colorScheme,
          reducedMotion: "reduce",
        });
        const page = await context.newPage();
        await page.goto(url);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await loaded?.(page);
        expect(await seriousViolations(page, url)).toEqual([]);
        await context.close();
      });
    }
  }
}

/**
 * Dark mode too. axe leaves disabled controls out of its contrast rule, so the disabled buttons
 * ("Promote to Production", "Rename") are measured here: text against the button's own
 * background, at full opacity, at least 4.5:1.
 */
const darkPages: { url: string; who: keyof typeof demoUsers; disabled: string }[] = [
  { url: "/projects/billing/releases/5.7.0", who: "manager", disabled: "Promote to Production" },
  { url: "/projects/billing/settings", who: "manager", disabled: "Rename" },
];

for (const { url, who, disabled } of darkPages) {
  test(`in dark mode, ${url} passes axe and its disabled “${disabled}” is readable`, async ({ browser }) => {
    test.setTimeout(60_000);
    const context = await browser.newContext({
      storageState: sessions.get(who),
      viewport: desktop,
      colorScheme: "dark",
    });
    const page = await context.newPage();
    await page.goto(url);
    const button = page.getByRole("button", { name: disabled, exact: true });
    await expect(button).toBeDisabled();
    const { ratio, opacity } = await button.evaluate((el) => {
      const canvas = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
      const rgb = (color: string) => {
        canvas.clearRect(0, 0, 1, 1);
        canvas.fillStyle = color;
        canvas.fillRect(0, 0, 1, 1);
        return [...canvas.getImageData(0, 0, 1, 1).data.slice(0, 3)];
      };
      const luminance = (c: number[]) =>
        c
          .map((v) => v / 255)
          .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
          .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
      const style = getComputedStyle(el);
      const [a, b] = [luminance(rgb(style.color)), luminance(rgb(style.backgroundColor))].sort((x, y) => y - x);
      return { ratio: (a! + 0.05) / (b! + 0.05), opacity: Number(style.opacity) };
    });
    expect(opacity).toBe(1);
    expect(ratio).toBeGreaterThanOrEqual(4.5);
    expect(await seriousViolations(page, url)).toEqual([]);
    await context.close();
  });
}
