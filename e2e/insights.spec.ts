import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test.beforeEach(async ({ page }) => {
  await signIn(page, "viewer");
});

test("a project's insights show the four keys, charts with tables, and follow the range", async ({ page }) => {
  await page.goto("/projects/delivery");
  // The board's own link (the top bar's goes to the organisation's page), once the board is drawn.
  await page.getByRole("main").getByRole("link", { name: "Insights" }).click();
  await expect(page).toHaveURL(/\/projects\/delivery\/insights/);
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
  // Last 30 days: 1.0.0, 1.1.0, the rollback's redeploy of 1.0.0, and 1.2.0; 1.1.0 was rolled back.
  const frequency = page.getByRole("term").filter({ hasText: "Deployment frequency" }).locator("..");
  await expect(frequency).toContainText("4 deployments to production");
  const failure = page.getByRole("term").filter({ hasText: "Change failure rate" }).locator("..");
  await expect(failure).toContainText("25 %");
  await expect(failure).toContainText("1 of 4 failed or rolled back");
  const recovery = page.getByRole("term").filter({ hasText: "Failed deployment recovery time" }).locator("..");
  await expect(recovery).toContainText("1 h");

  const deployments = page.getByRole("region", { name: "Deployments" });
  await expect(deployments.getByRole("img", { name: "Deployments, per week" })).toBeVisible();
  await expect(deployments.locator("rect")).not.toHaveCount(0);
  await deployments.getByText("Show as a table").click();
  const cells = await deployments.getByRole("table").getByRole("cell").allTextContents();
  expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBe(4);

  // Where releases wait: each environment, the sign-off wait, and what each gate held go-lives up.
  const waits = page.getByRole("region", { name: "Where releases wait" });
  for (const gate of ["Held by failing checks", "Soaking (minimum soak)", "Held by a freeze", "Held by a lock"])
    await expect(
      waits.getByRole("rowheader", {
        name: new RegExp(`^${gate.replace(/[()]/g, "\\$&")} \\(\\d+ of \\d+ go-lives\\)$`),
      }),
    ).toBeVisible();

  const range = page.getByRole("radiogroup", { name: "Time range" });
  await expect(range.getByRole("radio", { name: "30 days" })).toBeChecked();
  await range.getByRole("radio", { name: "365 days" }).click();
  await expect(page).toHaveURL(/days=365/);
  await expect(range.getByRole("radio", { name: "365 days" })).toBeChecked();
  await expect(range.getByRole("radio", { name: "30 days" })).not.toBeChecked();
  await expect(frequency).toContainText("5 deployments to production");
});

test("the organisation's table sorts by a key and offers the CSV", async ({ page }) => {
  await page.goto("/insights");
  const row = page.getByRole("row", { name: /Delivery/ });
  await expect(row).toContainText("25 %");
  await page.getByRole("link", { name: "Change failure rate" }).click();
  await expect(page.getByRole("columnheader", { name: /Change failure rate/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = await (await download).createReadStream();
  let text = "";
  for await (const chunk of csv) text += chunk;
  expect(text.split("\n")[0]).toContain("change_failure_rate");
  expect(text).toMatch(/^delivery,4,/m);
});
