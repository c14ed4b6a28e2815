import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { systemActor } from "../server/domain/permissions";
import { addUser } from "../server/services/add-user";
import { exited, startServer } from "../server/testing/spawn-server";
import { smtpServer } from "../server/testing/receivers";

/**
 * People managed in the app, end to end (README: People): an admin invites by e-mail, the link in
 * the e-mail (read from a real SMTP server in this process) makes the account, and the admin changes
 * the role, disables (sign-in refused), and resets the password; the person changes it on the
 * profile, which signs their other session out. At 1440×900 and at 390×844.
 */
const port = Number(process.env.E2E_PORT) + 5;
const base = `http://localhost:${port}`;
const adminPassword = "links-e2e-admin-password";

let smtp: Awaited<ReturnType<typeof smtpServer>>;
let server: ChildProcess | undefined;
let dir: string;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  smtp = await smtpServer();
  const smtpUrl = smtp.url;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-links-"));
  const file = path.join(dir, "links.db");
  const db = openDatabase(file);
  await migrateDatabase(db);
  await addUser({
    ctx: { db, actor: systemActor },
    input: { email: "ada@example.com", name: "Ada Admin", role: "admin", password: adminPassword },
  });
  db.$client.close();
  server = await startServer(file, port, {
    SMTP_URL: smtpUrl,
    MAIL_FROM: "Releaseboard <releases@example.com>",
    BASE_URL: base,
    // Each viewport's person signs in from an address of their own (a header only the loopback
    // proxy may set), so the refused sign-ins this spec makes on purpose never reach the limit.
    TRUST_PROXY: "127.0.0.1,::1",
  });
});

test.afterAll(async () => {
  if (server) {
    server.kill("SIGTERM");
    await exited(server);
  }
  await smtp.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The link in the newest e-mail to `to` with `subject`. */
async function linkIn(to: string, subject: string): Promise<string> {
  const mail = () => smtp.mails.findLast((m) => m.parsed.subject === subject && m.rcptTo.includes(to))?.parsed;
  await expect.poll(() => mail(), { timeout: 30_000 }).toBeTruthy();
  const link = new RegExp(`${base}/welcome#[\\w-]+`).exec(mail()!.text ?? "")?.[0];
  expect(link).toBeTruthy();
  return link!;
}

async function newPage(browser: Browser, viewport: { width: number; height: number }) {
  const address = `192.0.2.${viewport.width % 250}`;
  const context = await browser.newContext({ viewport, extraHTTPHeaders: { "x-forwarded-for": address } });
  return { context, page: await context.newPage() };
}

for (const [label, viewport] of [
  ["1440×900", { width: 1440, height: 900 }],
  ["390×844", { width: 390, height: 844 }],
] as const) {
  test(`at ${label}: invite → accept → sign in, role, disable, reset, change password`, async ({ browser }) => {
    const who = viewport.width === 390 ? "phone" : "desk";
    const email = `nia-${who}@example.com`;
    const name = `Nia ${who === "phone" ? "Phone" : "Desk"}`;
    const admin = await newPage(browser, viewport);
    const ada = admin.page;
    await signIn(ada, "ada@example.com", adminPassword);
    await expect(ada.getByRole("navigation", { name: "Main" })).toBeVisible();
    await ada.goto(`${base}/people`);

    // Invite: the e-mail carries the link; the page says it went.
    const invite = ada.getByRole("region", { name: "Invite someone" });
    await invite.getByLabel("E-mail").fill(email);
    await invite.getByLabel("Role").selectOption("release_manager");
    await invite.getByRole("button", { name: "Send invitation" }).click();
    await expect(invite.getByRole("status")).toHaveText(`Invitation e-mailed to ${email}.`);
    await expect(invite).toContainText(`${email} · release manager · invited by Ada Admin`);
    const invitation = await linkIn(email, "Ada Admin invited you to Releaseboard");
    expect(smtp.mails.findLast((m) => m.rcptTo.includes(email))!.parsed.text).toContain("as a release manager");

    // Accept: name and password, and the new account is signed in.
    const person = await newPage(browser, viewport);
    const nia = person.page;
    await nia.goto(invitation);
    await expect(nia.getByText(`You are invited as release manager with ${email}`)).toBeVisible();
    await nia.getByLabel("Your name").fill(name);
    await nia.getByLabel(/^Password/).fill("password1234");
    await nia.getByRole("button", { name: "Create my account" }).click();
    await expect(nia.getByText(/a few unrelated words make a strong password/)).toBeVisible();
    await nia.getByLabel(/^Password/).fill("juniper-lantern-7-harbour");
    await nia.getByRole("button", { name: "Create my account" }).click();
    await expect(nia.getByRole("navigation", { name: "Main" })).toBeVisible();
    // The link worked once.
    await nia.goto(invitation);
    await expect(nia.getByText("This link has expired or was already used. Ask an admin for a new one.")).toBeVisible();

    // Role.
    await ada.reload();
    const everyone = ada.getByRole("region", { name: /Everyone/ });
    const row = everyone.getByRole("listitem", { name });
    await row.getByLabel(`Role of ${name}`).selectOption("viewer");
    await expect(ada.getByText("Role changed")).toBeVisible();
    await expect(row.getByLabel(`Role of ${name}`)).toHaveValue("viewer");

    // Disable: her session ends and sign-in is refused; enable again.
    await row.getByRole("button", { name: `Disable ${name}` }).click();
    await expect(row).toContainText("(disabled)");
    await nia.goto(`${base}/`);
    await expect(nia).toHaveURL(/\/login/);
    await signIn(nia, email, "juniper-lantern-7-harbour");
    await expect(nia.getByText("Email or password is wrong.")).toBeVisible();
    await row.getByRole("button", { name: `Enable ${name}` }).click();
    await expect(row).not.toContainText("(disabled)");
    await signIn(nia, email, "juniper-lantern-7-harbour");
    await expect(nia.getByRole("navigation", { name: "Main" })).toBeVisible();

    // Reset: her session ends, the old password stops, the e-mailed link sets a new one.
    await row.getByRole("button", { name: `Reset password of ${name}` }).click();
    const dialog = ada.getByRole("dialog", { name: `Reset the password of ${name}?` });
    await dialog.getByRole("button", { name: "Reset password" }).click();
    await expect(row.getByRole("status")).toHaveText(`Password reset e-mailed to ${email}.`);
    await nia.reload();
    await expect(nia).toHaveURL(/\/login/);
    await signIn(nia, email, "juniper-lantern-7-harbour");
    await expect(nia.getByText("Email or password is wrong.")).toBeVisible();
    const reset = await linkIn(email, "Set a new password for Releaseboard");
    await nia.goto(reset);
    await expect(nia.getByText(`Choose a new password for ${email}.`)).toBeVisible();
    await nia.getByLabel(/^New password/).fill("copper-meadow-41-violin");
    await nia.getByRole("button", { name: "Set new password" }).click();
    await expect(nia.getByRole("navigation", { name: "Main" })).toBeVisible();

    // Change password on the profile: the other session is signed out, this one stays.
    const other = await newPage(browser, viewport);
    await signIn(other.page, email, "copper-meadow-41-violin");
    await expect(other.page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await nia.goto(`${base}/profile`);
    const form = nia.getByRole("region", { name: "Change password" });
    await form.getByLabel("Current password").fill("copper-meadow-41-violin");
    await form.getByLabel("New password").fill("saffron-quarry-88-kettle");
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(nia.getByText("Password changed; your other sessions have ended")).toBeVisible();
    await other.page.reload();
    await expect(other.page).toHaveURL(/\/login/);
    await nia.reload();
    await expect(form).toBeVisible();

    // Nothing wider than the screen on the pages of this flow.
    for (const page of [ada, nia])
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    for (const c of [admin, person, other]) await c.context.close();
  });
}
