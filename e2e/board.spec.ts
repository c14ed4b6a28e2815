import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test.beforeEach(async ({ page }) => {
  await signIn(page, "viewer");
});

test("the overview shows every project's environments and what is in each", async ({ page }) => {
  await page.goto("/");
  const billing = page.getByRole("list", { name: "Billing environments" });
  await expect(billing.getByRole("listitem").filter({ hasText: "Production" })).toContainText("5.6.0");
  await expect(
    billing.getByRole("listitem").filter({ hasText: "Staging" }).getByRole("img", { name: "Locked" }),
  ).toBeVisible();
  await expect(billing.getByRole("listitem").filter({ hasText: "Staging" })).toContainText("1 waiting for sign-off");
  await expect(
    page.getByRole("list", { name: "Checkout service environments" }).getByRole("listitem").filter({ hasText: "QA" }),
  ).toContainText("1 blocked");
});

test("the project list links to every seeded project", async ({ page }) => {
  await page.goto("/");
  for (const name of ["Checkout service", "Search API", "Billing"]) {
    await expect(page.getByRole("link", { name: new RegExp(name) })).toBeVisible();
  }
  await page.getByRole("link", { name: /Checkout service/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Checkout service" })).toBeVisible();
});

// Other specs move Checkout's releases; these read Billing, which no test changes.
test("a board shows one region per environment, in pipeline order, with the cards where they are", async ({ page }) => {
  await page.goto("/projects/billing");
  const names = ["Development", "QA", "UAT", "Staging", "Production"];
  for (const name of names) await expect(page.getByRole("region", { name })).toBeVisible();
  const headings = await page.getByRole("region").getByRole("heading", { level: 2 }).allTextContents();
  expect(headings).toEqual(names);

  const staging = page.getByRole("region", { name: "Staging" });
  await expect(staging).toContainText("Locked by Rita Patel: INC-2041: payment provider outage");
  const card = staging.getByRole("article", { name: "5.7.0" });
  await expect(card).toBeVisible();
  // The card says why it cannot move on yet, in words a person can act on.
  await expect(card).toContainText("needs 1 sign-off for Production, has 0");
  // Manual tasks show as tick boxes, which a viewer cannot tick.
  await expect(card.getByRole("checkbox", { name: "Notify support" })).not.toBeChecked();
  await expect(card.getByRole("checkbox", { name: "Notify support" })).toBeDisabled();
  await expect(page.getByRole("region", { name: "UAT" }).getByRole("article", { name: "5.8.0" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Production" }).getByRole("article")).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Production" }).getByRole("article", { name: "5.6.0" })).toContainText(
    "live",
  );
});

test("a release page shows its history", async ({ page }) => {
  await page.goto("/projects/checkout");
  await page.getByRole("region", { name: "QA" }).getByRole("link", { name: "2.9.0" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "2.9.0" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Failing tests" })).toContainText("pays with a saved card");
  await expect(page.getByText(/Created in Development by GitHub Actions/)).toBeVisible();
});

test("an unknown project is a clear 404", async ({ page }) => {
  const response = await page.goto("/projects/no-such-project");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("an unknown release is a clear 404 too", async ({ page }) => {
  for (const path of ["/projects/checkout/releases/9.9.9", "/projects/checkout/releases/50%25"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
});

test("health and readiness endpoints answer", async ({ request }) => {
  expect(await (await request.get("/api/health")).json()).toEqual({ status: "ok" });
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
});

test("a long column shows its newest cards and the rest on request", async ({ page }) => {
  await page.goto("/projects/crowded");
  const development = page.getByRole("region", { name: "Development" });
  await expect(development.getByRole("article")).toHaveCount(40);
  await expect(development.getByRole("article").first()).toHaveAccessibleName("0.45.0");
  await expect(development.getByRole("heading", { level: 2 })).toHaveText("Development");
  await development.getByRole("button", { name: "Show 5 more in Development" }).click();
  await expect(development.getByRole("article")).toHaveCount(45);
  await expect(development.getByRole("button", { name: /Show .* more/ })).toHaveCount(0);
});

test("hovering or keyboard-focusing a card's version previews its gates, and Escape closes the preview", async ({
  page,
}) => {
  await page.goto("/projects/billing");
  const card = page.getByRole("region", { name: "Staging" }).getByRole("article", { name: "5.7.0" });
  const version = card.getByRole("link", { name: "5.7.0" });
  await version.hover();
  await expect(card.getByText(/^\d+ of \d+ gates met$/)).toBeVisible();
  await expect(
    card.getByRole("list").filter({ hasText: "not met: needs 1 sign-off for Production, has 0" }),
  ).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(card.getByText(/gates met$/)).toHaveCount(0);
  // From the keyboard: Tab onto the version, Escape closes.
  await version.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(card.getByText(/gates met$/)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(card.getByText(/gates met$/)).toHaveCount(0);
});
