import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support";

/**
 * Item 15 of the hardening issue: long unbroken strings from CI and people (lock
 * reasons, failure messages, notes) once made the board and the release page 98,000 px
 * wide. Whatever comes in, the page is never wider than the window.
 */
const long = (what: string) => `${what}-${"x".repeat(3000)}`;

async function trpc(page: Page, procedure: string, input: unknown) {
  const response = await page.request.post(`/api/trpc/${procedure}`, {
    headers: { "content-type": "application/json" },
    data: { json: input },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

async function expectNoHorizontalOverflow(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(client);
}

test("long unbroken strings wrap on the board and the release page", async ({ page }) => {
  await signIn(page, "manager");
  await trpc(page, "projects.create", { slug: "overflow", name: "Overflow", preset: "manual" });
  const { token } = (await trpc(page, "settings.createToken", { project: "overflow", name: "ci" })) as {
    token: string;
  };
  const api = (path: string, data: unknown) =>
    page.request.post(`/api/v1/projects/overflow${path}`, { headers: { authorization: `Bearer ${token}` }, data });
  const version = `1.0.0-${"a".repeat(90)}`;
  expect(
    (
      await api("/releases", {
        version,
        notes: long("notes"),
        changes: [{ id: long("id").slice(0, 200), title: long("title").slice(0, 1000) }],
      })
    ).status(),
  ).toBe(201);
  expect(
    (
      await api(`/releases/${version}/results`, {
        environment: "dev",
        check: "unit",
        status: "failed",
        summary: long("failure"),
      })
    ).status(),
  ).toBe(201);
  await trpc(page, "moves.lock", { project: "overflow", environment: "qa", reason: long("reason").slice(0, 2000) });

  await page.goto("/projects/overflow");
  await expect(page.getByRole("region", { name: "QA" })).toContainText("reason-xxx");
  await expectNoHorizontalOverflow(page);

  await page.goto(`/projects/overflow/releases/${version}`);
  await expect(page.getByRole("heading", { name: "Notes" })).toBeVisible();
  await expect(page.getByText("failure-xxx").first()).toBeVisible();
  await expectNoHorizontalOverflow(page);
});
