import { first } from "../../db/client";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { outbox } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { httpReceiver, smtpServer } from "../testing/receivers";
import { until } from "../testing/until";
import { outboundEnvFrom } from "../config";
import { mailSettingsFrom } from "../outbound/mail";
import { auditKeyOf, checkpointKind, checkpointSignedBy, latestCheckpoint, type Checkpoint } from "../engine";
import { startAuditCheckpoints } from "./audit-checkpoints";
import { startDispatcher } from "./dispatcher";

/** README: Evidence — each signed checkpoint goes to the auditors' webhook and mailbox, through the outbox. */
let t: TestDb;
const closers: (() => unknown)[] = [];
beforeEach(async () => {
  t = await createTestDb();
  await givenProject(testContext(t.db, userActor("admin")), "pay", [{ slug: "production", name: "Production" }]);
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  vi.unstubAllEnvs();
  await t.close();
});

async function run(env: Record<string, string>, targets: { webhook: string | null; emails: string[] }) {
  const smtp = await smtpServer();
  closers.push(smtp.close);
  vi.stubEnv("SMTP_URL", smtp.url);
  vi.stubEnv("MAIL_FROM", "Releaseboard <rb@example.com>");
  const job = await startAuditCheckpoints(t.db, () => {}, targets);
  closers.push(job.stop);
  const dispatcher = startDispatcher(t.db, {
    env: outboundEnvFrom(env),
    log: () => {},
    random: () => 0,
    mail: mailSettingsFrom(process.env),
  });
  closers.push(dispatcher.stop);
  return smtp;
}

it("sends the checkpoint to the webhook (retrying a 503) and to each auditor, signed by the server's key", async () => {
  const hook = await httpReceiver([503, 200]);
  closers.push(hook.close);
  const smtp = await run(
    { RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "1" },
    { webhook: hook.url, emails: ["audit@example.com"] },
  );
  await until(() => hook.received.length === 2 && smtp.mails.length === 1, 10_000);

  const stored = (await latestCheckpoint(t.db))!;
  const { type, checkpoint } = JSON.parse(hook.received[1]!.body) as { type: string; checkpoint: Checkpoint };
  expect(type).toBe("audit.checkpoint");
  expect(checkpoint).toMatchObject({ seq: stored.seq, hash: stored.hash, signature: stored.signature });
  // The same message both times (one webhook-id), and the receiver can check it with `audit public-key`.
  expect(hook.received[1]!.headers["webhook-id"]).toBe(hook.received[0]!.headers["webhook-id"]);
  expect(checkpointSignedBy(checkpoint, (await auditKeyOf(t.db)).publicKeyPem)).toBe(true);

  const mail = smtp.mails[0]!;
  expect(mail.rcptTo).toEqual(["audit@example.com"]);
  expect(mail.parsed.subject).toBe(`Releaseboard audit checkpoint #${stored.seq}`);
  expect(mail.parsed.text).toContain(stored.hash);
  await until(async () => (await t.db.select().from(outbox)).every((m) => m.state === "delivered"), 10_000);
});

it("keeps to the address guard: a private address is refused unless allowed, and nothing reaches it", async () => {
  const hook = await httpReceiver();
  closers.push(hook.close);
  await run({}, { webhook: hook.url, emails: [] });
  const message = async () => await first(t.db.select().from(outbox).where(eq(outbox.kind, checkpointKind)));
  await until(async () => (await message())?.state === "failed", 10_000);
  expect((await message())!.lastError).toMatch(/private|loopback|not allowed|RELEASEBOARD_ALLOW_PRIVATE_TARGETS/i);
  expect(hook.received).toEqual([]);
});

it("queues nothing when no target is set", async () => {
  await run({ RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "1" }, { webhook: null, emails: [] });
  expect(await latestCheckpoint(t.db)).not.toBeNull();
  expect(await t.db.select().from(outbox)).toEqual([]);
});
