import fs from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test.beforeEach(async ({ page }) => {
  await signIn(page, "viewer");
});

// Reads Billing, which no spec changes.
test("the activity log filters by project, kind and person, and the CSV holds what is shown", async ({ page }) => {
  await page.goto("/activity");
  const rows = page.getByRole("table", { name: "Activity, newest first" }).getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  const filters = page.getByRole("search", { name: "Filter activity" });

  await filters.getByLabel("Project").selectOption({ label: "Billing" });
  await filters.getByLabel("What").selectOption({ label: "Release moved" });
  await expect(page).toHaveURL(/project=billing&kind=release.moved/);
  await expect(rows.nth(1)).toBeVisible();
  const moves = await rows.count();
  for (const row of await rows.all().then((r) => r.slice(1))) {
    await expect(row).toContainText("Billing");
    await expect(row).toContainText("Release moved");
  }

  await filters.getByLabel("What").selectOption({ label: "Environment locked" });
  await filters.getByLabel("Environment").selectOption({ label: "Staging" });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("INC-2041: payment provider outage");
  await expect(rows.nth(1)).toContainText("Rita Patel");

  // The CSV is the same filtered log.
  const download = page.waitForEvent("download");
  await filters.getByRole("link", { name: "Download CSV" }).click();
  const csv = (await fs.readFile((await (await download).path())!, "utf8")).trim().split("\n");
  expect(csv[0]).toBe("id,time,project,environment,release,kind,actor_type,actor,summary");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(",billing,Staging,,environment.locked,user,Rita Patel,");

  // Back to the moves, now only Rita's: fewer rows than before, each of them hers.
  await filters.getByLabel("Environment").selectOption({ label: "All environments" });
  await filters.getByLabel("What").selectOption({ label: "Release moved" });
  await filters.getByLabel("Who").selectOption({ label: "Rita Patel" });
  await expect(rows.nth(1)).toContainText("Rita Patel");
  expect(await rows.count()).toBeLessThan(moves);

  await filters.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/activity$/);
});

test("the log pages back through older entries", async ({ page }) => {
  await page.goto("/activity");
  const rows = page.getByRole("table", { name: "Activity, newest first" }).getByRole("row");
  await expect(rows).toHaveCount(51);
  await page.getByRole("button", { name: "Load older entries" }).click();
  await expect.poll(() => rows.count()).toBeGreaterThan(51);
});

test("a project's own activity page shows only that project", async ({ page }) => {
  await page.goto("/projects/billing");
  await page.getByRole("main").getByRole("link", { name: "Activity" }).click();
  await expect(page).toHaveURL(/\/projects\/billing\/activity/);
  const filters = page.getByRole("search", { name: "Filter activity" });
  await expect(filters.getByLabel("Project")).toHaveCount(0);
  await filters.getByLabel("Environment").selectOption({ label: "Staging" });
  await filters.getByLabel("What").selectOption({ label: "Environment locked" });
  await expect(page.getByRole("table", { name: "Activity, newest first" }).getByRole("row")).toHaveCount(2);
});

test.describe("on a phone (390×844)", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test("each of 50 entries is stacked: nothing cut off, the page as wide as the phone and not miles tall", async ({
    page,
  }) => {
    await page.goto("/activity");
    const entries = page.getByRole("list", { name: "Activity, newest first" }).getByRole("listitem");
    await expect(entries).toHaveCount(50);
    await expect(page.getByRole("table", { name: "Activity, newest first" })).toBeHidden();

    const size = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      height: document.documentElement.scrollHeight,
    }));
    expect(size.width).toBeLessThanOrEqual(390);
    // The table made 50 entries 40,377 px tall; stacked, each is a few lines.
    expect(size.height).toBeLessThan(50 * 160);

    for (const entry of await entries.all()) {
      const box = (await entry.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(box.height).toBeLessThan(200);
    }
    // The project's name reads on one line, not a letter per line.
    const project = entries.first().getByRole("link").first();
    const line = await project.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    expect((await project.boundingBox())!.height).toBeLessThanOrEqual(line * 1.5);
  });
});
