import { expect, type Page } from "@playwright/test";

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
