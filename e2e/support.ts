import { expect, type Locator, type Page } from "@playwright/test";

export const demoPassword = "releaseboard-demo";

export const demoUsers = {
  admin: "ada@demo.releaseboard.dev",
  manager: "rita@demo.releaseboard.dev",
  ana: "ana@demo.releaseboard.dev",
  ben: "ben@demo.releaseboard.dev",
  viewer: "vic@demo.releaseboard.dev",
} as const;

/** Signs in through the login page, as a person would. */
export async function signIn(page: Page, who: keyof typeof demoUsers) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(demoUsers[who]);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** A real pointer drag: press on the handle, move in steps (dnd-kit needs movement), release. */
export async function drag(page: Page, handle: Locator, target: Locator) {
  await handle.scrollIntoViewIfNeeded();
  const from = (await handle.boundingBox())!;
  const to = (await target.boundingBox())!;
  // Drop at the handle's height when the column spans it, so the pointer stays on screen.
  const y = Math.min(Math.max(from.y, to.y + 20), to.y + to.height - 20);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, y, { steps: 15 });
  await page.mouse.up();
}
