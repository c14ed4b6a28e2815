import { writeTransaction } from "../../db/client";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { notifications, outbox, outboxAttempts } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { insertUser } from "./add-user";
import { hashPassword } from "../auth/password";
import { applyPipeline } from "./apply-pipeline";
import { createRelease } from "./create-release";
import { moveRelease } from "./move-release";
import { recordCheckResult } from "./record-check-result";
import { signOff } from "./sign-off";
import { setEmailNotifications } from "./set-email-notifications";
import { runScheduledPromotions } from "./run-scheduled-promotions";
import { runNotificationChecks } from "./run-notification-checks";
import { startDispatcher } from "../jobs/dispatcher";
import { outboundEnvFrom } from "../config";
import { listOutbound } from "../queries/outbound";
import { sendOutboundAgain } from "./send-outbound-again";
import { emailLimits } from "../domain/notifications";
import type { Actor } from "../domain/permissions";
import type { PipelineFileInput } from "../domain/pipeline-file";
import { givenProject } from "../testing/fixtures";
import { until as waitUntil } from "../testing/until";
import { httpReceiver, smtpServer } from "../testing/receivers";
import { SMTPServer } from "smtp-server";

/** A chat webhook: answers each POST with the next status in `answers` (the last one repeats). */
async function chatReceiver(answers: number[] = [200]) {
  const receiver = await httpReceiver(answers);
  closers.push(receiver.close);
  return receiver;
}

const until = <T>(what: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000) =>
  waitUntil(what, timeoutMs);

const saved = { ...process.env };
let smtp: Awaited<ReturnType<typeof smtpServer>>;
/** Hashed once: hashing is slow on purpose, and these people never sign in. */
let passwordHash: string;
let t: TestDb;
const closers: (() => unknown)[] = [];

beforeAll(async () => {
  smtp = await smtpServer();
  passwordHash = await hashPassword("correct horse battery");
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(async () => {
  t = await createTestDb();
  smtp.mails.length = 0;
  Object.assign(process.env, {
    SMTP_URL: smtp.url,
    MAIL_FROM: "Releaseboard <releases@example.com>",
    BASE_URL: "https://releases.example.com",
  });
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await t.close();
  for (const key of ["SMTP_URL", "MAIL_FROM", "BASE_URL"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const admin = userActor("admin", "Ada Admin", "user-admin");
type People = Record<"ana" | "bob" | "carl" | "rita" | "vic", Actor>;

/** Business owners Ana, Bob and Carl (who switched e-mail off), release manager Rita, viewer Vic. */
async function people(): Promise<People> {
  const ctx = { db: t.db, actor: admin };
  const make = async (name: string, role: "business_owner" | "release_manager" | "viewer") => {
    const user = await insertUser(
      ctx,
      { email: `${name.toLowerCase()}@example.com`, name, role, password: "-" },
      passwordHash,
    );
    return userActor(role, name, user.id);
  };
  const result = {
    ana: await make("Ana", "business_owner"),
    bob: await make("Bob", "business_owner"),
    carl: await make("Carl", "business_owner"),
    rita: await make("Rita", "release_manager"),
    vic: await make("Vic", "viewer"),
  };
  await setEmailNotifications({ ctx: { db: t.db, actor: result.carl }, input: { email: false } });
  return result;
}

function pipeline(
  chat: string[] = [],
  extra: Partial<PipelineFileInput["environments"][number]> = {},
): PipelineFileInput {
  return {
    project: "checkout",
    name: "Checkout",
    environments: [
      { slug: "staging", name: "Staging" },
      { slug: "production", name: "Production", requiredChecks: ["smoke"], requiredSignoffs: 2, ...extra },
    ],
    ...(chat.length ? { notifications: { chat } } : {}),
  };
}

function dispatch() {
  const dispatcher = startDispatcher(t.db, {
    env: outboundEnvFrom({ ...process.env, RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "1" }),
    log: () => {},
    random: () => 0,
  });
  closers.push(() => dispatcher.stop());
  return dispatcher;
}

/** Waits until nothing is pending or being sent. */
async function quiet(dispatcher: { busy: number }) {
  await until(
    async () =>
      dispatcher.busy === 0 && (await t.db.select().from(outbox).where(eq(outbox.state, "pending"))).length === 0,
  );
}

async function releaseWaitingForSignoff(ctx: ReturnType<typeof testContext>) {
  await createRelease({
    ctx,
    input: {
      project: "checkout",
      version: "2.11.0",
      notes: "Faster card payments.",
      changes: [
        { id: "CHK-101", title: "Pay with saved cards" },
        { id: "CHK-102", title: "Fix rounding of totals" },
      ],
    },
  });
  await recordCheckResult({
    ctx,
    input: { project: "checkout", version: "2.11.0", environment: "staging", check: "smoke", status: "passed" },
  });
}

/**
 * Starts the test's clock in the past: what it writes is due for the real-time dispatcher,
 * and advancing it (for reminders) stays behind the real clock.
 */
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

const link = "https://releases.example.com/signoffs?release=checkout/2.11.0";

describe("sign-off requests by e-mail (a real SMTP server)", () => {
  it("reach exactly the business owners who have not opted out, once, with the subject, what they need and the link", async () => {
    const who = await people();
    const ctx = testContext(t.db, who.rita, hoursAgo(5));
    await applyPipeline({ ctx, input: pipeline() });
    await createRelease({ ctx, input: { project: "checkout", version: "2.10.0" } });
    await moveRelease({
      ctx: { ...ctx, actor: admin },
      input: { project: "checkout", version: "2.10.0", to: "production", override: true, reason: "first release" },
    });
    ctx.advance(10);
    await releaseWaitingForSignoff(ctx);
    const dispatcher = dispatch();
    await until(() => smtp.mails.length >= 2);
    await quiet(dispatcher);

    expect(smtp.mails.flatMap((m) => m.rcptTo).sort()).toEqual(["ana@example.com", "bob@example.com"]);
    for (const mail of smtp.mails) {
      expect(mail.rcptTo).toHaveLength(1);
      expect(mail.mailFrom).toBe("releases@example.com");
      expect(mail.parsed.subject).toBe("Go-live sign-off: Checkout 2.11.0 → Production");
      expect(mail.parsed.text).toContain(link);
      expect(mail.parsed.text).toContain("smoke: passed");
      expect(mail.parsed.text).toContain("Changes since 2.10.0, live in Production now");
      expect(mail.parsed.text).toContain("CHK-101 Pay with saved cards (2.11.0)");
      expect(mail.parsed.text).toContain("Faster card payments.");
      expect(mail.parsed.text).toContain("0 of 2 needed; approved by nobody yet");
      expect(mail.parsed.html).toContain(`href="${link}"`);
    }

    // Re-evaluation (another result, the scheduler's passes) and a new dispatcher (a restart) send nothing more.
    await recordCheckResult({
      ctx,
      input: { project: "checkout", version: "2.11.0", environment: "staging", check: "smoke", status: "passed" },
    });
    await runScheduledPromotions({ ctx });
    await runNotificationChecks({ ctx });
    dispatcher.stop();
    const again = dispatch();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await quiet(again);
    expect(smtp.mails).toHaveLength(2);
    expect((await t.db.select().from(notifications)).map((n) => n.event)).toEqual([
      "release.live",
      "signoff.requested",
    ]);
  });

  it("reminds after signoffReminderHours only those who have not decided; a rejection tells the release managers", async () => {
    const who = await people();
    const ctx = testContext(t.db, who.rita, hoursAgo(5));
    await applyPipeline({ ctx, input: pipeline([], { signoffReminderHours: 4 }) });
    await releaseWaitingForSignoff(ctx);
    await signOff({
      ctx: { ...ctx, actor: who.ana },
      input: { project: "checkout", version: "2.11.0", environment: "production", decision: "approve" },
    });
    ctx.advance(3 * 60);
    await runNotificationChecks({ ctx });
    expect((await t.db.select().from(notifications)).map((n) => n.event)).toEqual(["signoff.requested"]);
    ctx.advance(61);
    await runNotificationChecks({ ctx });
    await runNotificationChecks({ ctx });
    const dispatcher = dispatch();
    await until(() => smtp.mails.length >= 3);
    await quiet(dispatcher);
    const reminders = smtp.mails.filter((m) => m.parsed.subject?.startsWith("Reminder"));
    expect(reminders.map((m) => m.rcptTo).flat()).toEqual(["bob@example.com"]);
    expect(reminders[0]!.parsed.subject).toBe("Reminder: go-live sign-off for Checkout 2.11.0 → Production");
    expect(reminders[0]!.parsed.text).toContain("1 of 2 needed; approved by Ana");

    await signOff({
      ctx: { ...ctx, actor: who.bob },
      input: {
        project: "checkout",
        version: "2.11.0",
        environment: "production",
        decision: "reject",
        comment: "Legal has not cleared the new terms",
      },
    });
    const rejected = await until(() => smtp.mails.find((m) => m.parsed.subject?.startsWith("Rejected")));
    expect(rejected.rcptTo).toEqual(["rita@example.com"]);
    expect(rejected.parsed.subject).toBe("Rejected: Checkout 2.11.0 → Production");
    expect(rejected.parsed.text).toContain(
      "Bob rejected Checkout 2.11.0 for Production: “Legal has not cleared the new terms”",
    );
    expect(rejected.parsed.text).toContain("https://releases.example.com/projects/checkout/releases/2.11.0");
  });

  it("0 hours means no reminder; without SMTP_URL nothing is written for e-mail", async () => {
    const who = await people();
    delete process.env.SMTP_URL;
    const ctx = testContext(t.db, who.rita, hoursAgo(5));
    await applyPipeline({ ctx, input: pipeline([], { signoffReminderHours: 0 }) });
    await releaseWaitingForSignoff(ctx);
    ctx.advance(24 * 60 * 7);
    // (the clock is ahead of real time here; nothing is dispatched in this test)
    await runNotificationChecks({ ctx });
    expect((await t.db.select().from(notifications)).map((n) => [n.event, n.messages])).toEqual([
      ["signoff.requested", 0],
    ]);
    expect(await t.db.select().from(outbox)).toEqual([]);
  });
});

describe("e-mail limits (README: Notifications)", () => {
  const signoffOnly: PipelineFileInput = {
    project: "checkout",
    name: "Checkout",
    environments: [
      { slug: "staging", name: "Staging" },
      { slug: "production", name: "Production", requiredSignoffs: 1 },
    ],
  };

  it("20 releases created in a burst send each business owner a bounded number of e-mails; the digest lists them", async () => {
    const who = await people();
    const ci: Actor = { type: "token", id: "ci", name: "CI", projectId: 1, scope: "report" };
    const ctx = testContext(t.db, who.rita, hoursAgo(1));
    await applyPipeline({ ctx, input: signoffOnly });
    for (let i = 1; i <= 20; i++) {
      await createRelease({ ctx: { ...ctx, actor: ci }, input: { project: "checkout", version: `3.0.${i}` } });
      ctx.advance(0.05);
    }
    const dispatcher = dispatch();
    await until(() => smtp.mails.length >= 4);
    await quiet(dispatcher);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await quiet(dispatcher);

    const to = (address: string) => smtp.mails.filter((m) => m.rcptTo.includes(address));
    for (const address of ["ana@example.com", "bob@example.com"]) {
      // Both were due when the dispatcher started, so they may arrive in either order.
      expect(
        to(address)
          .map((m) => m.parsed.subject)
          .sort(),
      ).toEqual(["Checkout: 19 updates", "Go-live sign-off: Checkout 3.0.1 → Production"]);
      const digest = to(address).find((m) => m.parsed.subject === "Checkout: 19 updates");
      for (let i = 2; i <= 20; i++) {
        expect(digest!.parsed.text).toContain(`Go-live sign-off: Checkout 3.0.${i} → Production`);
        expect(digest!.parsed.text).toContain(`https://releases.example.com/signoffs?release=checkout/3.0.${i}\n`);
      }
    }
    expect(smtp.mails).toHaveLength(4);
  });

  it(`holds a person's e-mails beyond ${emailLimits.perHour} an hour and sends what waited as one digest`, async () => {
    const who = await people();
    const ctx = testContext(t.db, who.rita, hoursAgo(3));
    await applyPipeline({ ctx, input: signoffOnly });
    const ci: Actor = { type: "token", id: "ci", name: "CI", projectId: 1, scope: "report" };
    for (let i = 1; i <= 15; i++) {
      await createRelease({ ctx: { ...ctx, actor: ci }, input: { project: "checkout", version: `4.0.${i}` } });
      ctx.advance(2); // two minutes apart: no coalescing, only the hourly limit
    }
    const toAna = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, "ana@example.com"))
      .orderBy(asc(outbox.id));
    expect(toAna).toHaveLength(emailLimits.perHour + 1);
    const held = toAna.at(-1)!;
    expect(held.nextAttemptAt.getTime()).toBe(toAna[0]!.createdAt.getTime() + 3_600_000);
    expect((JSON.parse(held.payload) as { subject: string }).subject).toBe(
      `Checkout: ${15 - emailLimits.perHour} updates`,
    );
  });

  it("Send again of a delivered e-mail is refused until confirmed, saying it was delivered", async () => {
    const who = await people();
    const ctx = testContext(t.db, who.rita, hoursAgo(1));
    await applyPipeline({ ctx, input: signoffOnly });
    await createRelease({ ctx, input: { project: "checkout", version: "5.0.0" } });
    const dispatcher = dispatch();
    await until(() => smtp.mails.length >= 2);
    await quiet(dispatcher);
    const delivered = (await listOutbound(t.db, 1)).items.find((m) => m.kind === "notification.email")!;
    expect(delivered.state).toBe("delivered");
    await expect(sendOutboundAgain({ ctx, input: { project: "checkout", id: delivered.id } })).rejects.toThrow(
      /was delivered at .*sending it again delivers a second copy\. Confirm/,
    );
    expect(smtp.mails).toHaveLength(2);
    await sendOutboundAgain({ ctx, input: { project: "checkout", id: delivered.id, confirmDelivered: true } });
    await until(() => smtp.mails.length >= 3);
    await quiet(dispatcher);
    expect(smtp.mails).toHaveLength(3);
  });
});

describe("deploys that fail", () => {
  it("tell the release managers once, whether the deploy system reports failed or says nothing in time", async () => {
    const { reportDeployment } = await import("./report-deployment");
    const who = await people();
    const ctx = testContext(t.db, who.rita, hoursAgo(5));
    await givenProject(ctx, { slug: "checkout", name: "Checkout" }, [
      { slug: "dev", name: "Development" },
      {
        slug: "staging",
        name: "Staging",
        deploy: { webhook: { url: "https://deploy.example.com/hook" } },
        deployTimeoutMinutes: 30,
      },
    ]);
    for (const version of ["1.0.0", "1.1.0"]) {
      await createRelease({ ctx, input: { project: "checkout", version } });
      await moveRelease({ ctx, input: { project: "checkout", version, to: "staging" } });
    }
    const deployer = { ...ctx, actor: userActor("admin") };
    await reportDeployment({
      ctx: deployer,
      input: {
        project: "checkout",
        version: "1.0.0",
        environment: "staging",
        status: "failed",
        description: "helm upgrade timed out",
      },
    });
    await reportDeployment({
      ctx: deployer,
      input: { project: "checkout", version: "1.0.0", environment: "staging", status: "failed", description: "again" },
    });
    ctx.advance(29);
    await runNotificationChecks({ ctx });
    ctx.advance(2);
    await runNotificationChecks({ ctx });
    await runNotificationChecks({ ctx });
    const emails = await t.db.select().from(outbox).where(eq(outbox.kind, "notification.email"));
    const told = emails.map((m) => [
      (m.target as { email: { to: string } }).email.to,
      (JSON.parse(m.payload) as { subject: string; text: string }).subject,
    ]);
    expect(told).toEqual([
      ["rita@example.com", "Deploy failed: Checkout 1.0.0 → Staging"],
      ["rita@example.com", "Deploy failed: Checkout 1.1.0 → Staging"],
    ]);
    expect((JSON.parse(emails[0]!.payload) as { text: string }).text).toContain(
      "did not succeed: helm upgrade timed out",
    );
    expect((JSON.parse(emails[1]!.payload) as { text: string }).text).toContain(
      "no report from the deploy system in 30 min",
    );
  });
});

describe("SMTP answers", () => {
  it("a 451 is retried and then delivered; a 550 for one address fails that message for good", async () => {
    let tempFailures = 1;
    const picky = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        const refuse = (code: number, text: string) => callback(Object.assign(new Error(text), { responseCode: code }));
        if (address.address === "bob@example.com") return refuse(550, "no such mailbox");
        if (tempFailures-- > 0) return refuse(451, "try again later");
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on("end", () => callback());
      },
    });
    await new Promise<void>((resolve) => picky.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise<void>((resolve) => picky.close(() => resolve())));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(picky.server.address() as AddressInfo).port}`;
    const who = await people();
    const ctx = testContext(t.db, who.rita, hoursAgo(5));
    await applyPipeline({ ctx, input: pipeline() });
    await releaseWaitingForSignoff(ctx);
    const dispatcher = startDispatcher(t.db, {
      env: outboundEnvFrom(process.env),
      log: () => {},
      random: () => 0,
      mail: { url: process.env.SMTP_URL, from: "releases@example.com" },
    });
    closers.push(() => dispatcher.stop());
    await quiet(dispatcher);
    const byRecipient = Object.fromEntries(
      (await listOutbound(t.db, 1)).items.map((m) => [
        (m.target as { email: { to: string } }).email.to,
        [m.state, m.attempts.map((a) => a.outcome).reverse()],
      ]),
    );
    expect(byRecipient).toEqual({
      "ana@example.com": ["delivered", ["retry", "delivered"]],
      "bob@example.com": ["failed", ["failed"]],
    });
  });
});

describe("chat notifications (a local HTTP receiver)", () => {
  it(
    "posts Slack-compatible JSON to every chat webhook, retried through the outbox and shown in the delivery log",
    { timeout: 60_000 },
    async () => {
      const who = await people();
      const first = await chatReceiver([503, 200]);
      const second = await chatReceiver();
      const ctx = testContext(t.db, who.rita, hoursAgo(5));
      await applyPipeline({ ctx, input: pipeline([first.url, second.url]) });
      await releaseWaitingForSignoff(ctx);
      const dispatcher = dispatch();
      await until(() => first.received.length >= 2 && second.received.length >= 1);
      await quiet(dispatcher);

      const body = JSON.parse(first.received[1]!.body) as {
        text: string;
        blocks: { type: string; text: { type: string; text: string } }[];
      };
      expect(first.received[0]!.body).toBe(first.received[1]!.body);
      expect(first.received[0]!.headers["content-type"]).toBe("application/json");
      expect(body.text).toBe(
        `Checkout 2.11.0 is waiting for your go-live decision for Production. Approve or reject: ${link}`,
      );
      expect(body.blocks[0]).toEqual({
        type: "section",
        text: {
          type: "mrkdwn",
          text: "*Go-live sign-off: Checkout 2.11.0 → Production*\nCheckout 2.11.0 is waiting for your go-live decision for Production.",
        },
      });
      expect(body.blocks.at(-1)).toEqual({
        type: "section",
        text: { type: "mrkdwn", text: `<${link}|Approve or reject>` },
      });

      const log = (await listOutbound(t.db, 1)).items.filter((m) => m.kind === "notification.chat");
      const toFirst = log.find((m) => (m.target as { chat: { url: string } }).chat.url === first.url)!;
      expect(toFirst.state).toBe("delivered");
      expect(toFirst.attempts.map((a) => [a.statusCode, a.outcome]).reverse()).toEqual([
        [503, "retry"],
        [200, "delivered"],
      ]);
      // Chat only when a release goes live: no e-mail for it.
      await signOff({
        ctx: { ...ctx, actor: who.ana },
        input: { project: "checkout", version: "2.11.0", environment: "production", decision: "approve" },
      });
      await signOff({
        ctx: { ...ctx, actor: who.bob },
        input: { project: "checkout", version: "2.11.0", environment: "production", decision: "approve" },
      });
      const mailsBefore = smtp.mails.length;
      await moveRelease({ ctx, input: { project: "checkout", version: "2.11.0", to: "production" } });
      const live = await until(() => second.received.find((r) => r.body.includes("went live")));
      expect((JSON.parse(live.body) as { text: string }).text).toBe(
        "Checkout 2.11.0 went live in Production. Open the release: https://releases.example.com/projects/checkout/releases/2.11.0",
      );
      await quiet(dispatcher);
      expect(smtp.mails.length).toBe(mailsBefore);
      expect(
        (await t.db.select().from(outboxAttempts).orderBy(asc(outboxAttempts.id))).every((a) => a.outcome !== "failed"),
      ).toBe(true);
    },
  );

  it("refuses a chat URL that points into the private network unless allowed (the SSRF guard)", async () => {
    const who = await people();
    const hook = await chatReceiver();
    const ctx = testContext(t.db, who.rita, hoursAgo(5));
    await applyPipeline({ ctx, input: pipeline([hook.url]) });
    await releaseWaitingForSignoff(ctx);
    const dispatcher = startDispatcher(t.db, {
      env: outboundEnvFrom({ ...process.env, RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "0" }),
      log: () => {},
      mail: null,
    });
    closers.push(() => dispatcher.stop());
    const failed = await until(async () =>
      (await t.db.select().from(outbox).where(eq(outbox.kind, "notification.chat"))).find((m) => m.state === "failed"),
    );
    expect(failed!.lastError).toMatch(/private|loopback|not allowed/i);
    expect(hook.received).toHaveLength(0);
  });
});

describe("the pipeline file", () => {
  it("keeps notifications.chat and signoffReminderHours through apply → export → apply", async () => {
    const { exportPipeline } = await import("../queries/pipeline");
    const { loadPipeline, findProject } = await import("../engine");
    const ctx = testContext(t.db, userActor("release_manager"));
    const file = pipeline(["https://hooks.slack.com/services/T000/B000/XXXX"], { signoffReminderHours: 8 });
    await applyPipeline({ ctx, input: file });
    const exported = await writeTransaction(t.db, async (tx) => {
      const project = await findProject(tx, "checkout");
      return exportPipeline(tx, project, await loadPipeline(tx, project.id));
    });
    expect(exported.notifications).toEqual({ chat: ["https://hooks.slack.com/services/T000/B000/XXXX"] });
    expect(exported.environments[1]!.signoffReminderHours).toBe(8);
    expect((await applyPipeline({ ctx, input: exported })).changed).toBe(false);
    await expect(
      applyPipeline({ ctx, input: { ...file, notifications: { chat: ["ftp://example.com/x"] } } }),
    ).rejects.toThrow(/notifications\.chat\.0: must be an http\(s\) URL/);
  });
});
