import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support";

test.beforeEach(async ({ page }) => {
  await signIn(page, "manager");
});

const columnNames = (page: Page) => page.getByRole("region").getByRole("heading", { level: 2 }).allTextContents();

async function newProject(page: Page, name: string) {
  await page.goto("/");
  await page.getByRole("button", { name: "New project" }).click();
  const form = page.getByRole("form", { name: "New project" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("a new project starts with four environments; reordering them in the editor reorders the board", async ({
  page,
}) => {
  await newProject(page, "Reorder demo");
  await expect(page).toHaveURL(/\/projects\/reorder-demo$/);
  await expect.poll(() => columnNames(page)).toEqual(["Development", "QA", "Staging", "Production"]);

  await page.getByRole("link", { name: "Settings" }).click();
  const editor = page.getByRole("form", { name: "Environments" });
  // The keyboard way, with what a screen reader hears at each step.
  const announcer = page.locator("[id^=DndLiveRegion]");
  await editor.getByRole("button", { name: "Reorder QA" }).focus();
  await page.keyboard.press("Space");
  await expect(announcer).toHaveText("Picked up QA, position 2 of 4.");
  await page.keyboard.press("ArrowUp");
  await expect(announcer).toHaveText("QA would move to position 1.");
  await page.keyboard.press("Space");
  await expect(announcer).toHaveText("QA moved to position 1.");
  await editor.getByRole("button", { name: "Save pipeline" }).click();
  await expect(page.getByText("Pipeline saved")).toBeVisible();

  await page.getByRole("link", { name: "Board", exact: true }).click();
  await expect.poll(() => columnNames(page)).toEqual(["QA", "Development", "Staging", "Production"]);
});

test("the Continuous delivery preset pulls a ready release forward at once and stops before the last environment", async ({
  page,
}) => {
  await page.goto("/projects/presets");
  await expect(
    page.getByRole("region", { name: "Development" }).getByRole("article", { name: "ready-1.0" }),
  ).toBeVisible();
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Continuous delivery" }).click();
  await expect(page.getByText("Continuous delivery preset applied")).toBeVisible();
  await expect(page.getByRole("button", { name: "Continuous delivery" })).toHaveAttribute("aria-pressed", "true");

  await page.getByRole("link", { name: "Board", exact: true }).click();
  await expect(page.getByRole("region", { name: "Staging" }).getByRole("article", { name: "ready-1.0" })).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Production" }).getByRole("article", { name: "ready-1.0" }),
  ).toHaveCount(0);
});

test("the editor shows a problem next to its field and saves nothing", async ({ page }) => {
  await newProject(page, "Freeze demo");
  await page.getByRole("link", { name: "Settings" }).click();
  const editor = page.getByRole("form", { name: "Environments" });
  const production = editor.getByRole("group", { name: "Production" });
  await production.getByRole("button", { name: "+ One-off freeze" }).click();
  await production.getByLabel("From", { exact: true }).fill("2026-12-24T18:00");
  await production.getByLabel("To", { exact: true }).fill("2026-12-24T09:00");
  await production.getByLabel("Reason", { exact: true }).fill("Christmas Eve");
  await editor.getByRole("button", { name: "Save pipeline" }).click();
  await expect(production.getByText("must be after from")).toBeVisible();
  await expect(production.getByLabel("To", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await page.reload();
  await expect(
    page
      .getByRole("form", { name: "Environments" })
      .getByRole("group", { name: "Production" })
      .getByText("None: releases may enter at any time."),
  ).toBeVisible();
});

test("a project can be renamed, archived and restored", async ({ page }) => {
  await newProject(page, "Archive demo");
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Project name").fill("Archive demo renamed");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByText("Project renamed")).toBeVisible();

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Archive project" }).click();
  await expect(page.getByRole("button", { name: "Restore project" })).toBeVisible();

  await page.goto("/");
  await expect(page.getByRole("list", { name: "Archive demo renamed environments" })).toHaveCount(0);
  const archived = page.getByRole("region", { name: "Archived" });
  await archived.getByRole("button", { name: "Restore Archive demo renamed" }).click();
  await expect(page.getByRole("list", { name: "Archive demo renamed environments" })).toBeVisible();
});
