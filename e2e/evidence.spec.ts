import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("the activity page says up to where the history was verified and signed", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/activity");
  await expect(page.getByText(/History verified up to #\d+ at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)).toBeVisible();
});
