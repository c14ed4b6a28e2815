import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support";
import { makeProject } from "./release-fixtures";

/**
 * Issue 15, the board side: wide pipelines fit, phones get one environment at a time and a
 * menu, `/` and Ctrl-K find releases, a lifted card moves nothing, and check chips link to CI.
 */

async function trpc(page: Page, procedure: string, input: unknown) {
  const response = await page.request.post(`/api/trpc/${procedure}`, {
    headers: { "content-type": "application/json" },
    data: { json: input },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

const names = [
  "Development",
  "QA",
  "Integration",
  "UAT",
  "Staging",
  "Canary",
  "Pre-production",
  "Performance",
  "Production",
];

/** A manual pipeline of `count` environments (the last is Production); QA needs `unit` to pass. */
async function widePipeline(page: Page, slug: string, count: number) {
  await trpc(page, "projects.create", { slug, name: `Wide ${count}`, preset: "manual" });
  const chosen = [...names.slice(0, count - 1), "Production"];
  const environments = chosen.map((name) => ({
    slug: name.toLowerCase().replace(/[^a-z]+/g, "-"),
    name,
    ...(name === "QA" ? { requiredChecks: ["unit"] } : {}),
  }));
  await trpc(page, "settings.savePipeline", { project: slug, file: { name: `Wide ${count}`, environments } });
  return chosen;
}

async function ciToken(page: Page, project: string) {
  const { token } = (await trpc(page, "settings.createToken", { project, name: "ci" })) as { token: string };
  return (path: string, data: unknown) =>
    page.request.post(`/api/v1/projects/${project}${path}`, { headers: { authorization: `Bearer ${token}` }, data });
}

async function pageWidth(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

test.describe("at 1440×900", () => {
  test("six environments fit: every column header is inside the viewport, and chips link to their CI run", async ({
    page,
  }) => {
    await signIn(page, "manager");
    const columns = await widePipeline(page, "wide-six", 6);
    const api = await ciToken(page, "wide-six");
    expect(
      (await api("/releases", { version: "1.0.0", commitSha: "abc1234def", branch: "feature/wide" })).status(),
    ).toBe(201);
    const run = "https://ci.example.com/runs/4242";
    expect(
      (
        await api("/releases/1.0.0/results", { environment: "development", check: "unit", status: "failed", url: run })
      ).status(),
    ).toBe(201);

    await page.goto("/projects/wide-six");
    for (const name of columns) {
      const box = (await page
        .getByRole("region", { name, exact: true })
        .getByRole("heading", { level: 2, name, exact: true })
        .boundingBox())!;
      expect(box.x, name).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, name).toBeLessThanOrEqual(1440);
    }
    expect(await pageWidth(page)).toBeLessThanOrEqual(1440);

    const chip = page
      .getByRole("article", { name: "1.0.0" })
      .getByRole("list", { name: "Checks" })
      .getByRole("link", { name: /unit: failed/ });
    await expect(chip).toHaveAttribute("href", run);
  });

  test("past seven environments the board scrolls, with Production pinned in view", async ({ page }) => {
    await signIn(page, "manager");
    await widePipeline(page, "wide-nine", 9);
    await page.goto("/projects/wide-nine");
    const production = (await page.getByRole("heading", { level: 2, name: "Production", exact: true }).boundingBox())!;
    expect(production.x + production.width).toBeLessThanOrEqual(1440);
    expect(production.x).toBeGreaterThan(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(1440);
  });

  test("while a card is lifted no column header moves, the refusing column says why, and the drop is refused at once", async ({
    page,
  }) => {
    await signIn(page, "manager");
    await widePipeline(page, "lifted", 4);
    const api = await ciToken(page, "lifted");
    expect((await api("/releases", { version: "3.0.0" })).status()).toBe(201);
    expect(
      (await api("/releases/3.0.0/results", { environment: "development", check: "unit", status: "failed" })).status(),
    ).toBe(201);
    await page.goto("/projects/lifted");
    await expect(page.getByText("Live", { exact: true })).toBeVisible();

    const headings = page.getByRole("region").getByRole("heading", { level: 2 });
    const before = await headings.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    const qa = page.getByRole("region", { name: "QA" });
    const handle = page.getByRole("button", { name: "Move 3.0.0" });
    const from = (await handle.boundingBox())!;
    const to = (await qa.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 20, from.y + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });

    await expect(qa).toContainText("Cannot enter: check unit failed in Development");
    // The lifted card carries the target's reasons below itself, so it never covers them.
    await expect(page.getByText("QA: cannot enter", { exact: true })).toBeVisible();
    const during = await headings.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(during).toEqual(before);

    const moves: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("moves.move")) moves.push(r.url());
    });
    await page.mouse.up();
    await expect(page.getByText("3.0.0 was not moved")).toBeVisible();
    await expect(page.getByText(/check unit failed in Development/).first()).toBeVisible();
    expect(moves).toEqual([]);
    await expect(
      page.getByRole("region", { name: "Development" }).getByRole("article", { name: "3.0.0" }),
    ).toBeVisible();
  });

  test("lifted by keyboard, the card and its reasons stay under the target's header; other columns' verdicts lead with the action", async ({
    page,
  }) => {
    await signIn(page, "manager");
    await widePipeline(page, "lifted-keys", 4);
    const api = await ciToken(page, "lifted-keys");
    expect((await api("/releases", { version: "4.0.0" })).status()).toBe(201);
    expect(
      (await api("/releases/4.0.0/results", { environment: "development", check: "unit", status: "failed" })).status(),
    ).toBe(201);
    await page.goto("/projects/lifted-keys");
    await expect(page.getByText("Live", { exact: true })).toBeVisible();

    await page.getByRole("button", { name: "Move 4.0.0" }).focus();
    await page.keyboard.press("Space");
    // dnd-kit listens for arrows only once the lift has rendered; its announcements (pick-up, then
    // where the card is) say so.
    await expect(page.locator("[id^=DndLiveRegion]")).toContainText("4.0.0");
    await page.keyboard.press("ArrowRight");
    const reasons = page.getByText("QA: cannot enter", { exact: true }).locator("..");
    await expect(reasons).toBeVisible();
    const header = (await page.getByRole("region", { name: "QA" }).locator("header").boundingBox())!;
    const carried = (await reasons.boundingBox())!;
    const lifted = (await reasons.locator("..").boundingBox())!;
    expect(lifted.y).toBeGreaterThanOrEqual(header.y + header.height);
    expect(carried.y).toBeGreaterThanOrEqual(header.y + header.height);

    // Two columns on (Integration), the verdict line starts with what to do, in the room it has.
    const staging = page.getByRole("region", { name: "Integration" }).getByTestId("column-verdict");
    await expect(staging).toHaveText("Cannot enter: Promote to QA first: releases move one stage at a time");
    const fits = await staging.evaluate((el) => {
      const style = getComputedStyle(el);
      const context = document.createElement("canvas").getContext("2d")!;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      return context.measureText("Cannot enter: Promote to QA first").width <= el.clientWidth;
    });
    expect(fits).toBe(true);
    await page.keyboard.press("Escape");
  });

  test("dragged into the leftmost column, the lifted card and its reasons stay inside the window", async ({ page }) => {
    await signIn(page, "manager");
    await widePipeline(page, "lifted-left", 4);
    const api = await ciToken(page, "lifted-left");
    expect((await api("/releases", { version: "5.0.0" })).status()).toBe(201);
    expect(
      (await api("/releases/5.0.0/results", { environment: "development", check: "unit", status: "passed" })).status(),
    ).toBe(201);
    await trpc(page, "moves.move", { project: "lifted-left", version: "5.0.0", to: "qa" });
    await page.goto("/projects/lifted-left");
    await expect(page.getByText("Live", { exact: true })).toBeVisible();

    const handle = page.getByRole("button", { name: "Move 5.0.0" });
    const from = (await handle.boundingBox())!;
    const development = (await page.getByRole("region", { name: "Development" }).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x - 20, from.y + 10, { steps: 5 });
    await page.mouse.move(development.x + 8, development.y + development.height / 2, { steps: 15 });
    const reasons = page.getByText("Development: drop to roll back (with a reason)", { exact: true }).locator("..");
    await expect(reasons).toBeVisible();
    for (const box of [(await reasons.boundingBox())!, (await reasons.locator("..").boundingBox())!]) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(1440);
    }
    await page.keyboard.press("Escape");
    await page.mouse.up();
  });

  test("`/` focuses the board's search, which filters cards by version, commit or branch", async ({ page }) => {
    await signIn(page, "manager");
    await widePipeline(page, "searched", 4);
    const api = await ciToken(page, "searched");
    expect((await api("/releases", { version: "7.1.0", commitSha: "feed0001", branch: "main" })).status()).toBe(201);
    expect((await api("/releases", { version: "7.2.0", commitSha: "beef0002", branch: "hotfix/login" })).status()).toBe(
      201,
    );
    await page.goto("/projects/searched");
    const search = page.getByRole("searchbox", { name: "Search releases" });
    await page.getByRole("heading", { level: 1 }).click();
    await page.keyboard.press("/");
    await expect(search).toBeFocused();
    const cards = page.getByRole("region", { name: "Development" }).getByRole("article");

    await page.keyboard.type("7.1");
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toHaveAccessibleName("7.1.0");
    await search.fill("beef");
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toHaveAccessibleName("7.2.0");
    await search.fill("hotfix");
    await expect(cards.first()).toHaveAccessibleName("7.2.0");
    await search.press("Escape");
    await expect(cards).toHaveCount(2);
  });

  test("Ctrl-K finds a release in another project and goes to it", async ({ page }) => {
    await signIn(page, "viewer");
    await page.goto("/projects/checkout");
    await expect(page.getByRole("heading", { level: 1, name: "Checkout service" })).toBeVisible();
    await page.keyboard.press("Control+k");
    const dialog = page.getByRole("dialog", { name: "Jump to a release" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("combobox").fill("5.7");
    await expect(dialog.getByRole("option", { name: /5\.7\.0.*Billing/ })).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/projects\/billing\/releases\/5\.7\.0$/);
    await expect(page.getByRole("heading", { level: 1, name: "5.7.0" })).toBeVisible();
  });
});

test.describe("on a phone (390×844)", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test("the overview and the board fit the width; the board shows one environment at a time", async ({ page }) => {
    await signIn(page, "viewer");
    await page.goto("/");
    await expect(page.getByRole("list", { name: "Billing environments" })).toBeVisible();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);

    await page.goto("/projects/billing");
    await expect(page.getByRole("region", { name: "Development" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Production" })).toBeHidden();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);

    const environment = page.getByRole("combobox", { name: "Environment" });
    await expect(environment).toHaveText("Development (1)");
    await environment.click();
    await page.getByRole("option", { name: "Production (1)" }).click();
    await expect(environment).toHaveText("Production (1)");
    await expect(
      page.getByRole("region", { name: "Production" }).getByRole("article", { name: "5.6.0" }),
    ).toBeVisible();
    await expect(page.getByRole("region", { name: "Development" })).toBeHidden();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  });

  test("the board opens on the first environment that holds releases; Activity and Settings share a line", async ({
    page,
  }) => {
    await signIn(page, "manager");
    const api = await makeProject(page, "phone-open", [
      { slug: "dev", name: "Development" },
      { slug: "qa", name: "QA" },
      { slug: "production", name: "Production" },
    ]);
    await api("/releases", { version: "1.0.0" });
    await trpc(page, "moves.move", { project: "phone-open", version: "1.0.0", to: "qa" });

    await page.goto("/projects/phone-open");
    await expect(page.getByRole("region", { name: "QA" }).getByRole("article", { name: "1.0.0" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Development" })).toBeHidden();
    await expect(page.getByRole("combobox", { name: "Environment" })).toHaveText("QA (1)");

    const main = page.getByRole("main");
    const activity = (await main.getByRole("link", { name: "Activity" }).boundingBox())!;
    const settings = (await main.getByRole("link", { name: "Settings" }).boundingBox())!;
    expect(settings.y).toBe(activity.y);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  });

  test("the top bar folds into a menu that has Sign out", async ({ page }) => {
    await signIn(page, "viewer");
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).click();
    await expect(page.getByRole("menuitem", { name: "Activity" })).toBeVisible();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
  });

  test("the top bar's menu works from the keyboard: Enter opens it, arrows move, Escape gives focus back", async ({
    page,
  }) => {
    await signIn(page, "ana");
    await page.goto("/");
    const button = page.getByRole("button", { name: "Menu" });
    await button.focus();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu");
    await expect(menu).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: "Projects" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(menu.getByRole("menuitem", { name: "Activity" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect(menu.getByRole("menuitem", { name: /^Sign-offs/ })).toBeFocused();

    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(button).toBeFocused();

    // Enter on an item follows its link, and the menu is gone on the page it opens.
    // Each key waits for the menu to answer the one before, as a person watching the focus ring does.
    await page.keyboard.press("Enter");
    await expect(menu.getByRole("menuitem", { name: "Projects" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(menu.getByRole("menuitem", { name: "Activity" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/activity$/);
    await expect(page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
    await expect(page.getByRole("menu")).toBeHidden();
  });
});
