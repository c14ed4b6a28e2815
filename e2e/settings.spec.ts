import { expect, test, type Locator } from "@playwright/test";
import { signIn } from "./support";

test("a release manager creates a token in settings, CI uses it, and the delivery log shows it", async ({
  page,
  request,
}) => {
  await signIn(page, "manager");
  await page.goto("/projects/billing");
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("region", { name: "Pipeline as code" })).toContainText("project: billing");

  const tokens = page.getByRole("region", { name: "CI tokens" });
  await tokens.getByLabel("Name").fill("jenkins");
  await tokens.getByRole("button", { name: "Create token" }).click();
  const token = (await tokens.getByRole("status").locator("code").textContent())!;
  expect(token).toMatch(/^rb_/);
  await expect(tokens.getByRole("row", { name: /jenkins/ })).toContainText("never");

  const good = await request.get("/api/v1/projects/billing/releases/5.7.0", {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(good.status()).toBe(200);
  expect(await good.json()).toMatchObject({
    version: "5.7.0",
    environment: "staging",
    next: { environment: "production", ready: false },
  });
  const refused = await request.post("/api/v1/projects/billing/releases", {
    headers: { authorization: "Bearer rb_wrong" },
    data: { version: "9.9.9" },
  });
  expect(refused.status()).toBe(401);

  await page.reload();
  const log = page.getByRole("region", { name: "Delivery log" });
  await expect(log).toContainText("401 refused");
  await log.getByRole("combobox").selectOption("refused");
  await expect(log.getByRole("listitem")).toHaveCount(1);
  await expect(log).toContainText("The token is unknown, revoked, or belongs to another project");
  // A request that never authenticated can be inspected, not run on a person's authority.
  await log.getByRole("listitem").locator("summary").click();
  await expect(log.getByRole("button", { name: "Send again" })).toHaveCount(0);
  // One that authenticated but came before its release existed can be sent again.
  const ci = { authorization: `Bearer ${token}` };
  expect(
    (
      await request.post("/api/v1/projects/billing/releases/9.9.9/results", {
        headers: ci,
        data: { environment: "dev", check: "unit", status: "passed" },
      })
    ).status(),
  ).toBe(404);
  expect(
    (await request.post("/api/v1/projects/billing/releases", { headers: ci, data: { version: "9.9.9" } })).status(),
  ).toBe(201);
  await page.reload();
  await log.getByRole("combobox").selectOption("refused");
  const early = log.getByRole("listitem").filter({ hasText: "404 refused" });
  await expect(early).toContainText("from jenkins");
  await early.locator("summary").click();
  await early.getByRole("button", { name: "Send again" }).click();
  await expect(page.getByText("Sent again: 201")).toBeVisible();
  await log.getByRole("combobox").selectOption("accepted");
  await expect(log.getByRole("listitem").first()).toContainText(
    "sent again by Rita Patel <rita@demo.releaseboard.dev>",
  );
  await page.goto("/projects/billing");
  await expect(page.getByRole("region", { name: "Development" }).getByRole("article", { name: "9.9.9" })).toBeVisible();
  await page.goto("/projects/billing/settings");

  await tokens.getByRole("button", { name: "Revoke jenkins" }).click();
  await expect(tokens.getByRole("row", { name: /jenkins/ })).toContainText("revoked");
  const afterRevoke = await request.get("/api/v1/projects/billing/releases/5.7.0", {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(afterRevoke.status()).toBe(401);
});

test("a viewer sees the pipeline file but no tokens or secret", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/projects/billing/settings");
  await expect(page.getByRole("region", { name: "Pipeline as code" })).toBeVisible();
  await expect(page.getByRole("region", { name: "CI tokens" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Webhook signing secret" })).toHaveCount(0);
});

/** An element's rendered lines: its height over its line height. */
async function lines(locator: Locator) {
  return locator.evaluate((el) =>
    Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)),
  );
}

test.describe("settings at 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test("weekday labels and command-line options never break mid-word", async ({ page }) => {
    await signIn(page, "manager");
    await page.goto("/projects/checkout/settings");
    const friday = page.getByRole("checkbox", { name: "fri" }).first();
    await expect(friday).toBeChecked();
    for (const day of ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]) {
      const label = page.locator("label", { has: page.getByRole("checkbox", { name: day, exact: true }) }).first();
      expect(await lines(label), day).toBe(1);
    }
    const option = page.getByRole("region", { name: "Outbound deliveries" }).getByText("--project checkout");
    await expect(option).toBeVisible();
    expect(await lines(option)).toBe(1);
  });
});

test("at 1440 the deploy choice shows in full and its label stays on one line", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/projects/checkout/settings");
  const select = page.getByLabel("Deploy on entering Development");
  await expect(select).toHaveValue("none");
  const { text, room } = await select.evaluate((el: HTMLSelectElement) => {
    const style = getComputedStyle(el);
    const context = document.createElement("canvas").getContext("2d")!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    // The room left for the text: the box less its padding and the arrow (about 2 em).
    const room =
      el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 2 * parseFloat(style.fontSize);
    return { text: context.measureText(el.selectedOptions[0]!.text).width, room };
  });
  expect(text).toBeLessThanOrEqual(room);
  const label = page.locator("label", { hasText: "Deploy on entering Development" });
  expect(await lines(label)).toBe(1);
});

test("at 1440 settings has in-page navigation and its sections use the width", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/projects/checkout/settings");
  const nav = page.getByRole("navigation", { name: "Settings sections" });
  await nav.getByRole("link", { name: "Delivery log" }).click();
  await expect(page).toHaveURL(/#deliveries$/);
  await expect(page.getByRole("heading", { name: "Delivery log" })).toBeInViewport();
  // The navigation stays beside the sections while they scroll.
  await expect(nav).toBeInViewport();
  const tokens = (await page.getByRole("region", { name: "CI tokens" }).boundingBox())!;
  expect(tokens.width).toBeGreaterThan(1440 * 0.7);
});
