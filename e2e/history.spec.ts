import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support";
import { historyMorning } from "./history-playground";

test.beforeEach(async ({ page }) => {
  await signIn(page, "viewer");
});

const boardAt = (page: Page, minute: number) =>
  page.goto(`/projects/history?at=${encodeURIComponent(historyMorning(minute).toISOString())}`);

const versionsIn = (page: Page, environment: string) =>
  page
    .getByRole("region", { name: environment })
    .getByRole("article")
    .evaluateAll((cards) => cards.map((c) => c.getAttribute("aria-label")));

test("the board at each recorded moment shows where releases were, read-only, with locks and checks", async ({
  page,
}) => {
  await boardAt(page, 25);
  await expect(page.getByRole("status").filter({ hasText: "read-only" })).toContainText("As of");
  expect(await versionsIn(page, "Development")).toEqual(["1.1.0"]);
  expect(await versionsIn(page, "QA")).toEqual(["1.0.0"]);
  expect(await versionsIn(page, "Production")).toEqual([]);

  await boardAt(page, 35);
  await expect(page.getByRole("region", { name: "Production" })).toContainText("Locked by E2E set-up: INC-7 outage");

  await boardAt(page, 60);
  const qa = page.getByRole("region", { name: "QA" }).getByRole("article", { name: "1.1.0" });
  await expect(qa).toContainText("checks failed: e2e failed");
  await expect(page.getByRole("region", { name: "Production" }).getByRole("article", { name: "1.0.0" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Production" })).not.toContainText("Locked");

  await boardAt(page, 66);
  await expect(page.getByRole("region", { name: "QA" }).getByRole("article", { name: "1.1.0" })).toContainText(
    "checks passed: e2e passed",
  );
  // Nothing on the read-only board can be dragged or ticked.
  await expect(page.getByRole("button", { name: /Move|Promote/ })).toHaveCount(0);

  await page.getByRole("link", { name: "Back to now" }).click();
  await expect(page).toHaveURL(/\/projects\/history$/);
  await expect(page.getByRole("region", { name: "Production" }).getByRole("article", { name: "1.1.0" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Now", pressed: true })).toBeVisible();
});

test("an environment's history says what was live when, and how it arrived and left", async ({ page }) => {
  await page.goto("/projects/history");
  await page.getByRole("link", { name: "History of Production" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "History of Production" })).toBeVisible();
  const stays = page.getByRole("list", { name: "Releases in Production" }).getByRole("listitem");
  await expect(stays).toHaveCount(2);
  await expect(stays.nth(0)).toHaveAccessibleName("1.1.0");
  await expect(stays.nth(0)).toContainText("Still here");
  await expect(stays.nth(1)).toHaveAccessibleName("1.0.0");
  await expect(stays.nth(1)).toContainText("promoted by E2E set-up");
  await expect(stays.nth(1)).toContainText("superseded");
  await expect(stays.nth(1)).toContainText("29 min");
});

test("two releases compared: changes once each, checks side by side, notes rolled up", async ({ page }) => {
  await page.goto("/projects/history/releases/1.0.0");
  await page.getByRole("link", { name: "Compare with live (1.1.0)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Compare 1.0.0 → 1.1.0" })).toBeVisible();
  const changes = page.getByRole("region", { name: /Changes/ }).getByRole("listitem");
  await expect(changes).toHaveCount(2);
  await expect(changes.nth(0)).toContainText("H-2");
  await expect(page.getByRole("region", { name: "Checks" }).getByRole("row", { name: /e2e/ })).toContainText(
    "passed · 12 tests",
  );
  await expect(page.getByRole("article", { name: "Notes of 1.1.0" })).toContainText("The second one");
});
