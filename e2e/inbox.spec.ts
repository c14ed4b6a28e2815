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
