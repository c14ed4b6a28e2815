import { expect, test } from "@playwright/test";
import { demoPassword, signIn } from "./support";

/** The People page (README: People, roles and sign-in; Teams and protected environments). */

test("an admin makes a team, puts Ana in it, changes a role and disables someone, whose sessions end", async ({
  page,
  browser,
}) => {
  // Vic, signed in elsewhere, is disabled below.
  const vicContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const vic = await vicContext.newPage();
  await signIn(vic, "viewer");

  await signIn(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { name: "People", level: 1 })).toBeVisible();
  const everyone = page.getByRole("region", { name: /Everyone/ });
  const ana = everyone.getByRole("listitem", { name: "Ana Ortiz" });
  await expect(ana).toContainText("ana@demo.releaseboard.dev");

  const teams = page.getByRole("region", { name: "Teams" });
  await teams.getByLabel("New team").fill("Finance Approvers");
  await expect(teams).toContainText("Pipelines name it finance-approvers");
  await teams.getByRole("button", { name: "Create team" }).click();
  const team = teams.getByRole("listitem", { name: "Team Finance Approvers" });
  await expect(team).toContainText("Nobody in it yet.");
  await team.getByLabel("Add to Finance Approvers").selectOption({ label: "Ana Ortiz" });
  await team.getByRole("button", { name: "Add to Finance Approvers" }).click();
  await expect(team).toContainText("Ana Ortiz · ana@demo.releaseboard.dev");
  await expect(ana).toContainText("Teams: Finance Approvers");

  // A team a pipeline names must exist: the settings editor says which one does not.
  await page.goto("/projects/checkout/settings");
  const production = page.getByRole("group", { name: "Production" });
  await production.getByLabel("Promoter teams").fill("finance-approvers, nosuch");
  await page.getByRole("button", { name: "Save pipeline" }).click();
  await expect(production).toContainText('no team "nosuch"');
  await page.goto("/people");

  const vicRow = everyone.getByRole("listitem", { name: /^Vic/ });
  await vicRow.getByLabel(/^Role of Vic/).selectOption("business_owner");
  await expect(page.getByText("Role changed")).toBeVisible();
  await expect(vicRow.getByLabel(/^Role of Vic/)).toHaveValue("business_owner");
  await vicRow.getByRole("button", { name: /^Disable Vic/ }).click();
  await expect(vicRow).toContainText("(disabled)");
  await vic.reload();
  await expect(vic).toHaveURL(/\/login/);

  // Put Vic back as he was, for the other tests on this demo.
  await vicRow.getByRole("button", { name: /^Enable Vic/ }).click();
  await expect(vicRow).not.toContainText("(disabled)");
  await vicRow.getByLabel(/^Role of Vic/).selectOption("viewer");
  await expect(vicRow.getByLabel(/^Role of Vic/)).toHaveValue("viewer");
  await team.getByRole("button", { name: "Remove Ana Ortiz from Finance Approvers" }).click();
  await expect(team).toContainText("Nobody in it yet.");
  await vicContext.close();
});

test("people who are not admins have no People page", async ({ page }) => {
  await signIn(page, "manager");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" })).toHaveCount(0);
  const response = await page.goto("/people");
  expect(response?.status()).toBe(404);
});

test("the People page works on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "admin");
  await page.goto("/people");
  await expect(
    page.getByRole("region", { name: /Everyone/ }).getByRole("listitem", { name: "Ana Ortiz" }),
  ).toBeVisible();
  // People and teams are two tabs on a phone: choosing Teams shows the teams instead of the list.
  const tabs = page.getByRole("tablist", { name: "People or teams" });
  await expect(tabs.getByRole("tab", { name: "People" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("region", { name: "Teams" })).toBeHidden();
  await tabs.getByRole("tab", { name: "Teams" }).click();
  await expect(page.getByRole("region", { name: "Teams" }).getByRole("button", { name: "Create team" })).toBeVisible();
  await expect(page.getByRole("region", { name: /Everyone/ })).toBeHidden();
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("changing one's password on the profile ends one's other sessions", async ({ page, browser }) => {
  const elsewhere = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const other = await elsewhere.newPage();
  await signIn(other, "ben");
  await signIn(page, "ben");
  await page.goto("/profile");
  const form = page.getByRole("region", { name: "Change password" });
  await form.getByLabel("Current password").fill("not my password");
  await form.getByLabel("New password").fill("a brand new password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toBeVisible();

  await form.getByLabel("Current password").fill(demoPassword);
  await form.getByLabel("New password").fill("a brand new password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed; your other sessions have ended")).toBeVisible();
  await other.reload();
  await expect(other).toHaveURL(/\/login/);
  // This session goes on; put the demo password back for the other tests.
  await page.reload();
  await form.getByLabel("Current password").fill("a brand new password");
  await form.getByLabel("New password").fill(demoPassword);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed; your other sessions have ended")).toBeVisible();
  await elsewhere.close();
});

test("without e-mail the invitation link is shown to copy, and it makes the account", async ({ page, browser }) => {
  await signIn(page, "admin");
  await page.goto("/people");
  const invite = page.getByRole("region", { name: "Invite someone" });
  await invite.getByLabel("E-mail").fill("noor@demo.releaseboard.dev");
  await invite.getByLabel("Role").selectOption("viewer");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText(
    "E-mail is off, so give noor@demo.releaseboard.dev this invitation link yourself (it works once):",
  );
  const link = await invite.getByLabel("Invitation link for noor@demo.releaseboard.dev").inputValue();
  expect(link).toMatch(/\/welcome#[\w-]{43}$/);
  // Admins cannot lock themselves out: no Disable or Reset for oneself.
  const self = page.getByRole("region", { name: /Everyone/ }).getByRole("listitem", { name: "Ada Admin" });
  await expect(self.getByRole("button", { name: /^Disable/ })).toBeDisabled();
  await expect(self.getByRole("button", { name: /^Reset password/ })).toHaveCount(0);

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const noor = await context.newPage();
  await noor.goto(link);
  await noor.getByLabel("Your name").fill("Noor Haddad");
  await noor.getByLabel(/^Password/).fill("marble-cactus-93-ferry");
  await noor.getByRole("button", { name: "Create my account" }).click();
  await expect(noor.getByRole("navigation", { name: "Main" })).toBeVisible();
  await context.close();
  await page.reload();
  await expect(
    page.getByRole("region", { name: /Everyone/ }).getByRole("listitem", { name: "Noor Haddad" }),
  ).toContainText("noor@demo.releaseboard.dev");
});
