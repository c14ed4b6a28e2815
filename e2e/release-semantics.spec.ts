import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { promoteToken } from "./playground";
import { signIn } from "./support";

/**
 * Rollbacks that stick, no silent downgrades and scheduled go-live, through the public API
 * of the production build (with its real scheduler) and on the board in Chromium.
 */

const api = (project: string) => `/api/v1/projects/${project}`;
const auth = (project: string) => ({ Authorization: `Bearer ${promoteToken(project)}` });

function client(request: APIRequestContext, project: string) {
  const post = (path: string, data: unknown) =>
    request.post(`${api(project)}${path}`, { headers: auth(project), data });
  const release = async (version: string) =>
    (await request.get(`${api(project)}/releases/${version}`, { headers: auth(project) })).json();
  return {
    post,
    release,
    create: (version: string) => post("/releases", { version }),
    promote: (version: string, body: Record<string, unknown>) => post(`/releases/${version}/promote`, body),
    result: (version: string, environment: string, check: string, status = "passed") =>
      post(`/releases/${version}/results`, { environment, check, status }),
    /** Creates a release and takes it to Staging: by hand to QA, then e2e passes and Staging takes it. */
    async toStaging(version: string) {
      expect((await this.create(version)).status()).toBe(201);
      expect((await this.promote(version, { to: "qa" })).status()).toBe(200);
      const passed = await (await this.result(version, "qa", "e2e")).json();
      expect(passed).toMatchObject({ autoPromoted: true, promotedTo: "staging" });
    },
  };
}

test.describe("through /api/v1", () => {
  test("a rollback stays rolled back: the release is held, and results do not bounce it", async ({ request }) => {
    const rb = client(request, "sem-bounce");
    await rb.toStaging("3.0.0");
    const back = await rb.promote("3.0.0", { from: "staging", to: "qa", reason: "bad smoke in staging" });
    expect(back.status()).toBe(200);
    expect(await back.json()).toMatchObject({
      transition: { kind: "rollback" },
      release: { environment: "qa" },
      autoPromoted: [],
    });
    expect(await (await rb.result("3.0.0", "qa", "e2e")).json()).toMatchObject({ autoPromoted: false });
    expect(await rb.release("3.0.0")).toMatchObject({
      environment: "qa",
      held: { by: "deployer", reason: "bad smoke in staging" },
    });
  });

  test("twenty simultaneous identical rollbacks: one wins, nineteen conflict", async ({ request }) => {
    const rb = client(request, "sem-race");
    await rb.toStaging("1.0.0");
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        rb.promote("1.0.0", { from: "staging", to: "qa", reason: "race" }).then((r) => r.status()),
      ),
    );
    expect(answers.filter((s) => s === 200)).toHaveLength(1);
    expect(answers.filter((s) => s === 409)).toHaveLength(19);
    expect(await rb.release("1.0.0")).toMatchObject({ environment: "qa" });
  });

  test("an older release cannot be promoted where a newer one is live; as a rollback with a reason it can", async ({
    request,
  }) => {
    const rb = client(request, "sem-downgrade");
    await rb.toStaging("2.0.0");
    await rb.result("2.0.0", "staging", "smoke");
    expect((await rb.promote("2.0.0", { to: "production" })).status()).toBe(200);
    await rb.toStaging("1.0.0");
    await rb.result("1.0.0", "staging", "smoke");

    const refused = await rb.promote("1.0.0", { from: "staging", to: "production" });
    expect(refused.status()).toBe(422);
    expect((await refused.json()).gates).toEqual([
      expect.objectContaining({
        gate: "newer-live",
        reason: "2.0.0, newer, is live in Production: going back to 1.0.0 is a rollback",
      }),
    ]);
    const rolledBack = await rb.promote("1.0.0", {
      from: "staging",
      to: "production",
      rollback: true,
      reason: "2.0.0 breaks invoices",
    });
    expect(rolledBack.status()).toBe(200);
    expect(await rolledBack.json()).toMatchObject({ transition: { kind: "rollback", to: "production" } });
    expect(await rb.release("2.0.0")).toMatchObject({ state: "superseded" });
  });

  test("a promotion scheduled a few seconds ahead happens; one scheduled into a freeze does not", async ({
    request,
  }) => {
    const rb = client(request, "sem-schedule");
    await rb.toStaging("4.0.0");
    await rb.result("4.0.0", "staging", "smoke");
    const at = new Date(Date.now() + 3_000).toISOString();
    const scheduled = await rb.promote("4.0.0", { from: "staging", to: "production", at });
    expect(scheduled.status()).toBe(202);
    expect(await scheduled.json()).toMatchObject({
      schedule: { at, to: "production", from: "staging", by: "deployer", state: "pending" },
    });
    await expect.poll(async () => (await rb.release("4.0.0")).environment, { timeout: 20_000 }).toBe("production");

    const frozen = client(request, "sem-freeze");
    await frozen.toStaging("4.0.0");
    await frozen.result("4.0.0", "staging", "smoke");
    expect(
      (await frozen.promote("4.0.0", { to: "production", at: new Date(Date.now() + 2_000).toISOString() })).status(),
    ).toBe(202);
    await expect.poll(async () => (await frozen.release("4.0.0")).schedule, { timeout: 20_000 }).toBeNull();
    expect(await frozen.release("4.0.0")).toMatchObject({
      environment: "staging",
      scheduleFailure: {
        to: "production",
        by: "deployer",
        reason: expect.stringContaining("Production is frozen until"),
      },
    });
  });
});

const card = (page: Page, version: string) => page.getByRole("article", { name: version, exact: true });

test.describe("on the board", () => {
  test("a held release says so, and Release hold lets auto-promotion take it", async ({ page, request }) => {
    const rb = client(request, "sem-ui");
    await rb.toStaging("7.0.0");
    await rb.promote("7.0.0", { to: "qa", reason: "smoke failed on checkout" });
    await signIn(page, "manager");
    await page.goto("/projects/sem-ui");
    const held = card(page, "7.0.0");
    await expect(page.getByRole("region", { name: "QA" }).getByRole("article", { name: "7.0.0" })).toBeVisible();
    await expect(held.getByText("Held after rollback by deployer: smoke failed on checkout")).toBeVisible();
    await held.getByRole("button", { name: "Release hold" }).click();
    // Its e2e result in QA still holds, so Staging takes it at once.
    await expect(page.getByRole("region", { name: "Staging" }).getByRole("article", { name: "7.0.0" })).toBeVisible();
    await expect(card(page, "7.0.0").getByText(/Held after rollback/)).toHaveCount(0);
  });

  test("schedules a promotion from the card, which then shows it", async ({ page, request }) => {
    const rb = client(request, "sem-ui");
    await rb.toStaging("8.0.0");
    await signIn(page, "manager");
    await page.goto("/projects/sem-ui");
    await card(page, "8.0.0").getByRole("button", { name: "Schedule promotion of 8.0.0 to Production" }).click();
    const dialog = page.getByRole("dialog", { name: "Schedule 8.0.0 → Production" });
    // Two days ahead at 08:00, as the browser's datetime-local field takes it (local time).
    const at = new Date(Date.now() + 2 * 86_400_000);
    at.setHours(8, 0, 0, 0);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await dialog.getByLabel(/When/).fill(local);
    await dialog.getByRole("button", { name: "Schedule promotion" }).click();
    await expect(dialog).toBeHidden();
    await expect(card(page, "8.0.0").getByText(/Scheduled for Production .* by Rita/)).toBeVisible();
    await card(page, "8.0.0").getByRole("button", { name: "Cancel" }).click();
    await expect(card(page, "8.0.0").getByText(/Scheduled for Production/)).toHaveCount(0);
  });

  test("Billing 5.4.0, older than live 5.6.0, says so and is not offered for sign-off", async ({ page }) => {
    await signIn(page, "ana");
    await page.goto("/projects/billing");
    const older = card(page, "5.4.0");
    await expect(older.getByText("older than live 5.6.0")).toBeVisible();
    await expect(older.getByText(/Ready for Production/)).toHaveCount(0);
    await page.goto("/signoffs");
    await expect(page.getByRole("article", { name: "Billing 5.7.0" })).toBeVisible();
    await expect(page.getByRole("article", { name: "Billing 5.4.0" })).toHaveCount(0);
  });
});
