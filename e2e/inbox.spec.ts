import { expect, test } from "@playwright/test";
import { signIn } from "./support";
import { expectNoSidewaysScroll, makeProject, phone } from "./release-fixtures";

test("the inbox renders notes, lists changes once, and says what each approval did — the second from a phone", async ({
  browser,
}) => {
  test.slow(); // three people sign in, each through the login page
  const manager = await browser.newPage();
  const ana = await browser.newPage();
  const ben = await browser.newPage();
  try {
    await signIn(manager, "manager");
    const api = await makeProject(manager, "inbox-phone", [
      { slug: "dev", name: "Development" },
      { slug: "production", name: "Production", requiredSignoffs: 2, autoPromote: true },
    ]);
    await api("/releases", {
      version: "3.0.0",
      notes: "## 3.0.0\n\n- Faster search (#12)\n- Fix refund rounding (#13)",
      changes: [
        { id: "#12", title: "Faster search" },
        { id: "#13", title: "Fix refund rounding" },
      ],
    });

    await signIn(ana, "ana");
    await ana.goto("/signoffs");
    const item = ana.getByRole("article", { name: "inbox-phone 3.0.0" });
    await expect(item.getByRole("heading", { name: "3.0.0", exact: true })).toBeVisible();
    await expect(item).not.toContainText("## ");
    await expect(item.getByText("Faster search")).toHaveCount(1);
    await item.getByRole("button", { name: "Approve" }).click();
    await expect(ana.getByRole("status").filter({ hasText: "approved" })).toHaveText(
      "3.0.0 approved — 1 of 2 sign-offs",
    );

    await signIn(ben, "ben");
    await ben.setViewportSize(phone);
    await ben.goto("/signoffs");
    const card = ben.getByRole("article", { name: "inbox-phone 3.0.0" });
    await expect(card).toContainText("1 of 2 approvals (Ana Ortiz");
    await expectNoSidewaysScroll(ben);
    const approve = card.getByRole("button", { name: "Approve" });
    await approve.scrollIntoViewIfNeeded();
    await expect(approve).toBeInViewport({ ratio: 1 });
    await approve.click();
    await expect(ben.getByRole("status").filter({ hasText: "approved" })).toHaveText(
      "3.0.0 approved — 2 of 2, now live in Production",
    );
    await expect(card).toHaveCount(0);
    await expectNoSidewaysScroll(ben);
  } finally {
    await manager.context().close();
    await ana.context().close();
    await ben.context().close();
  }
});

test("the inbox says plainly what else is missing, and that approving will not make it go live until then", async ({
  browser,
}) => {
  const manager = await browser.newPage();
  const ana = await browser.newPage();
  try {
    await signIn(manager, "manager");
    const api = await makeProject(manager, "inbox-missing", [
      { slug: "dev", name: "Development" },
      { slug: "production", name: "Production", requiredSignoffs: 1, requiredChecks: ["smoke"] },
    ]);
    await api("/releases", { version: "2.12.0" });

    await signIn(ana, "ana");
    await ana.goto("/signoffs");
    const missing = ana
      .getByRole("article", { name: "inbox-missing 2.12.0" })
      .getByRole("region", { name: "Still missing" });
    await expect(missing).toContainText(
      "Besides sign-offs, 2.12.0 still needs this before it can go live in Production:",
    );
    await expect(missing.getByRole("listitem")).toHaveText([/smoke/]);
    await expect(missing).toContainText(
      "You can approve now: your approval is recorded, but 2.12.0 will not go live in Production until that is met.",
    );

    // Once smoke passed, nothing but the sign-off is missing, and the box is gone.
    await api("/releases/2.12.0/results", { environment: "dev", check: "smoke", status: "passed" });
    await ana.reload();
    await expect(ana.getByRole("article", { name: "inbox-missing 2.12.0" })).toBeVisible();
    await expect(missing).toHaveCount(0);
  } finally {
    await manager.context().close();
    await ana.context().close();
  }
});

test("at 390 px a 91-character version wraps: the inbox is no wider than the phone", async ({ browser }) => {
  const manager = await browser.newPage();
  const ana = await browser.newPage({ viewport: phone });
  try {
    await signIn(manager, "manager");
    const api = await makeProject(manager, "inbox-long", [
      { slug: "dev", name: "Development" },
      { slug: "production", name: "Production", requiredSignoffs: 1 },
    ]);
    const version = `1.0.0-${"a".repeat(85)}`;
    expect(version).toHaveLength(91);
    await api("/releases", { version });

    await signIn(ana, "ana");
    await ana.goto("/signoffs");
    await expect(ana.getByRole("article", { name: `inbox-long ${version}` })).toBeVisible();
    await expectNoSidewaysScroll(ana);
  } finally {
    await manager.context().close();
    await ana.context().close();
  }
});

test("the inbox shows the first 50 waiting, and the rest on Show more", async ({ browser }) => {
  test.slow(); // 60 releases are created through the API first
  const manager = await browser.newPage();
  const ana = await browser.newPage();
  try {
    await signIn(manager, "manager");
    const api = await makeProject(manager, "inbox-paging", [
      { slug: "dev", name: "Development" },
      { slug: "production", name: "Production", requiredSignoffs: 1 },
    ]);
    for (let i = 0; i < 60; i++) await api("/releases", { version: `1.${i}.0` });

    await signIn(ana, "ana");
    await ana.goto("/signoffs");
    const cards = ana.getByRole("article").filter({ hasText: "inbox-paging" });
    await expect(ana.getByRole("article")).toHaveCount(50);
    await expect(ana.getByText(/^50 of \d+ shown$/)).toBeVisible();
    const total = Number(/of (\d+)/.exec((await ana.getByText(/^50 of \d+ shown$/).textContent())!)![1]);
    expect(total).toBeGreaterThanOrEqual(60);
    // Keep asking for more until every waiting release is on the page, as a person would.
    const more = ana.getByRole("button", { name: "Show more" });
    while (await more.isVisible()) {
      const shown = await ana.getByRole("article").count();
      await more.click();
      await expect(ana.getByRole("article")).not.toHaveCount(shown);
    }
    await expect(ana.getByRole("article")).toHaveCount(total);
    await expect(cards).toHaveCount(60);
    for (const version of ["1.0.0", "1.59.0"])
      await expect(ana.getByRole("article", { name: `inbox-paging ${version}` })).toBeVisible();
  } finally {
    await manager.context().close();
    await ana.context().close();
  }
});
