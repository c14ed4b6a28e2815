import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { signoffs } from "../db/schema";
import { systemActor } from "../server/domain/permissions";
import { addUser } from "../server/services/add-user";
import { applyPipeline } from "../server/services/apply-pipeline";
import { createRelease } from "../server/services/create-release";
import { recordCheckResult } from "../server/services/record-check-result";
import { exited, startServer } from "../server/testing/spawn-server";

/**
 * A sign-off request by e-mail, end to end: a real server sends it to a real SMTP server in
 * this process; the link in it, opened signed out, leads through sign-in to the highlighted
 * release in the inbox, where the business owner approves.
 */
const port = Number(process.env.E2E_PORT) + 7;
const base = `http://localhost:${port}`;
const password = "notify-e2e-password";

const mails: ParsedMail[] = [];
let smtp: SMTPServer;
let server: ChildProcess | undefined;
let dir: string;
let file: string;

test.describe.configure({ mode: "serial", timeout: 90_000 });

test.beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push(parsed);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  const env = { SMTP_URL: smtpUrl, MAIL_FROM: "Releaseboard <releases@example.com>", BASE_URL: base };
  // The messages are written with the writes below, so this process needs the settings too.
  Object.assign(process.env, env);

  dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-notify-"));
  file = path.join(dir, "notify.db");
  const db = openDatabase(file);
  await migrateDatabase(db);
  const ctx = { db, actor: systemActor };
  await addUser({ ctx, input: { email: "ada@example.com", name: "Ada Admin", role: "admin", password } });
  await addUser({ ctx, input: { email: "ana@example.com", name: "Ana Owner", role: "business_owner", password } });
  await applyPipeline({
    ctx,
    input: {
      project: "checkout",
      name: "Checkout",
      environments: [
        { slug: "staging", name: "Staging" },
        { slug: "production", name: "Production", requiredChecks: ["smoke"], requiredSignoffs: 1 },
      ],
    },
  });
  for (const version of ["2.10.0", "2.11.0"]) {
    await createRelease({
      ctx,
      input: { project: "checkout", version, changes: [{ id: `CHK-${version}`, title: `Work in ${version}` }] },
    });
  }
  await recordCheckResult({
    ctx,
    input: { project: "checkout", version: "2.11.0", environment: "staging", check: "smoke", status: "passed" },
  });
  db.$client.close();
  server = await startServer(file, port, env);
});

test.afterAll(async () => {
  if (server) {
    server.kill("SIGTERM");
    await exited(server);
  }
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signInHere(page: import("@playwright/test").Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("the link in the e-mail leads a signed-out business owner through sign-in to the highlighted release, who approves", async ({
  page,
}) => {
  await expect.poll(() => mails.length, { timeout: 30_000 }).toBeGreaterThan(0);
  const mail = mails.find((m) => m.subject === "Go-live sign-off: Checkout 2.11.0 → Production");
  expect(mail).toBeTruthy();
  const link = /https?:\/\/\S+\/signoffs\?release=\S+/.exec(mail!.text ?? "")?.[0];
  expect(link).toBe(`${base}/signoffs?release=checkout/2.11.0`);

  await page.goto(link!);
  await expect(page).toHaveURL(/\/login\?returnTo=/);
  await signInHere(page, "ana@example.com");
  await expect(page).toHaveURL(
    (url) =>
      url.origin === base && url.pathname === "/signoffs" && url.searchParams.get("release") === "checkout/2.11.0",
  );
  const item = page.getByRole("article", { name: "Checkout 2.11.0" });
  await expect(item).toHaveAttribute("aria-current", "true");
  await expect(item).toBeInViewport();
  await expect(item).toBeFocused();
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("article", { name: "Checkout 2.11.0" })).toHaveCount(0);
  await expect(page.getByRole("status")).toContainText("2.11.0 of checkout is not waiting for your decision any more");
  await expect(page.getByRole("article", { name: "Checkout 2.10.0" })).toBeVisible();
  const db = openDatabase(file);
  const recorded = (await db.select().from(signoffs)).map((s) => [s.actorName, s.decision]);
  db.$client.close();
  expect(recorded).toEqual([["Ana Owner", "approve"]]);
});

for (const evil of ["https://evil.example", "//evil.example", "/\\evil.example"]) {
  test(`sign-in with returnTo=${evil} lands on /`, async ({ page }) => {
    await page.goto(`${base}/login?returnTo=${encodeURIComponent(evil)}`);
    await signInHere(page, "ada@example.com");
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    expect(page.url()).toBe(`${base}/`);
  });
}

test("the profile page, from the name in the top bar, switches e-mail off; settings show who receives what", async ({
  page,
}) => {
  await page.goto(`${base}/login`);
  await signInHere(page, "ana@example.com");
  await page.getByRole("link", { name: /Ana Owner/ }).click();
  await expect(page).toHaveURL(`${base}/profile`);
  await expect(page.getByText("For your role: sign-off requests, reminders.")).toBeVisible();
  const emailMe = page.getByRole("checkbox", { name: "E-mail me" });
  await expect(emailMe).toBeChecked();
  await emailMe.uncheck();
  await expect(page.getByText("E-mail notifications off")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "E-mail me" })).not.toBeChecked();

  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await signInHere(page, "ada@example.com");
  await page.getByRole("link", { name: /Ada Admin/ }).click();
  await expect(page.getByText("Your role receives no e-mail.")).toBeVisible();
  await page.goto(`${base}/projects/checkout/settings`);
  const section = page.getByRole("region", { name: "Notifications" });
  await expect(section.getByText("E-mail is on")).toBeVisible();
  const ana = section.getByRole("row", { name: /Ana Owner/ });
  await expect(ana).toContainText("sign-off requests, reminders");
  await expect(ana).toContainText("switched off");
});

test("Send again on a delivered e-mail says it was delivered and asks before sending a second copy", async ({
  page,
}) => {
  await expect.poll(() => mails.length, { timeout: 30_000 }).toBeGreaterThan(0);
  await page.goto(`${base}/login`);
  await signInHere(page, "ada@example.com");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.goto(`${base}/projects/checkout/settings`);
  const log = page.getByRole("region", { name: "Outbound deliveries" });
  const delivered = log.locator("details", { hasText: "delivered notification.email" }).first();
  await delivered.locator("summary").click();
  await delivered.getByRole("button", { name: "Send again" }).click();
  const ask = delivered.getByRole("alertdialog", { name: "Send a delivered message again?" });
  await expect(ask).toContainText("This was delivered");
  await expect(ask).toContainText("delivers a second copy");
  const before = mails.length;
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toHaveCount(0);
  await delivered.getByRole("button", { name: "Send again" }).click();
  await delivered.getByRole("button", { name: "Send a second copy" }).click();
  await expect(page.getByText("Queued to be sent again")).toBeVisible();
  await expect.poll(() => mails.length, { timeout: 30_000 }).toBe(before + 1);
});
