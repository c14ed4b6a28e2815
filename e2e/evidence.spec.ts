import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("the activity page says up to where the history was verified and signed", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/activity");
  await expect(page.getByText(/History verified up to #\d+ at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)).toBeVisible();
});

test("a go-live's evidence is a page that prints to a PDF", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/projects/billing/releases/5.6.0");
  await page.getByRole("link", { name: "Go-live evidence" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("5.6.0 into Production");
  for (const section of ["Release", "Go-live", "Approvals", "Gates at go-live", "Deployments", "Chain anchor"])
    await expect(page.getByRole("region", { name: section, exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Chain anchor" })).toContainText(/#\d+ release\.created [0-9a-f]{64}/);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  const pdf = await page.pdf({ path: test.info().outputPath("evidence.pdf"), format: "A4" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(10_000);
});
