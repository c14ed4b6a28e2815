import { rawExecute } from "../../db/client";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { openDatabase, writeTransaction } from "../../db/client";
import { outbox } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { fillTheDisk } from "../testing/fill-disk";
import { until } from "../testing/until";
import { addUser } from "../services/add-user";
import { readiness } from "../queries/readiness";
import { startStorageWatch } from "./storage-watch";
import { startDispatcher } from "./dispatcher";
import { outboundEnvFrom } from "../config";
import { httpReceiver } from "../testing/receivers";

/** README: Faults — what operators see of a full disk, and that it ends by itself once space is back. */
let t: TestDb;
let lines: Record<string, unknown>[];
let watch: { stop: () => void } | undefined;
beforeEach(async () => {
  t = await createTestDb();
  await rawExecute(t.db, sql`create table filler (b blob)`);
  vi.stubEnv("SMTP_URL", "smtp://127.0.0.1:3419");
  vi.stubEnv("MAIL_FROM", "Releaseboard <rb@example.com>");
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await addUser({ ctx, input: { email: "ops@example.com", name: "Ops", role: "admin", password: "correct horse" } });
  await addUser({
    ctx,
    input: { email: "bo@example.com", name: "Bo", role: "business_owner", password: "correct horse" },
  });
  lines = [];
});
afterEach(async () => {
  watch?.stop();
  vi.unstubAllEnvs();
  await t.close();
});

const start = async (warnMb = 0, chatWebhooks: string[] = []) =>
  (watch = await startStorageWatch(t.db, {
    databasePath: t.file,
    warnMb,
    chatWebhooks,
    log: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    probeEveryMs: 50,
    spaceEveryMs: 50,
  }));
const write = () =>
  writeTransaction(t.db, async (tx) => await rawExecute(tx, sql`insert into filler values (zeroblob(100000))`));
const notices = async () =>
  (
    await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, "notification.email")))
  ).map((m) => ({
    to: (m.target as { email: { to: string } }).email.to,
    ...(JSON.parse(m.payload) as { subject: string }),
  }));

it("a full disk: one log line when it starts and one when it ends, ready 503 meanwhile, admins told once it is over", async () => {
  await start();
  const disk = fillTheDisk(t.db);
  for (let i = 0; i < 5; i++) await expect(write()).rejects.toThrow();
  expect(lines.filter((l) => l.event === "storage.fault")).toEqual([
    expect.objectContaining({ level: "error", fault: "full", error: expect.stringMatching(/SQLITE_FULL/) }),
  ]);
  expect(await readiness(t.db)).toEqual({ status: "not ready", reason: expect.stringMatching(/storage is full/) });

  disk.free();
  await until(() => lines.some((l) => l.event === "storage.recovered"), 10_000);
  expect(await readiness(t.db)).toEqual({ status: "ready" });
  expect(lines.map((l) => l.event)).toEqual(["storage.fault", "storage.recovered"]);
  // Written at once if it fit in a page with room (then "writes succeed again" follows), else once
  // space was back, saying it is over: either way one fault notice, to admins, and its end.
  await until(async () => (await notices()).some((n) => /writes (were refused|succeed again)/.test(n.subject)), 10_000);
  const said = await notices();
  expect(said.every((n) => n.to === "ops@example.com")).toBe(true);
  expect(said.filter((n) => /writes (are|were) refused.*full/.test(n.subject))).toHaveLength(1);
  expect(said.length).toBeLessThanOrEqual(2);
  // Writes succeed again, and nothing more is said about it.
  await write();
  expect(lines).toHaveLength(2);
});

it("a database that cannot be written: the notice that could not be queued then is queued once it can be", async () => {
  await start();
  // Another process holds the write lock past the busy timeout.
  const other = openDatabase(t.file);
  other.$client.prepare("BEGIN IMMEDIATE").run();
  t.db.$client.pragma("busy_timeout = 20");
  await expect(
    writeTransaction(t.db, async (tx) => await rawExecute(tx, sql`insert into filler values (1)`)),
  ).rejects.toThrow();
  expect(lines).toEqual([expect.objectContaining({ event: "storage.fault", fault: "unavailable" })]);
  expect(await readiness(t.db)).toMatchObject({ status: "not ready", reason: expect.stringMatching(/unavailable/) });
  // The watch tries to write its notice (after the failed write's turn), and cannot.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await notices()).toEqual([]);
  other.$client.prepare("ROLLBACK").run();
  other.$client.close();
  await until(() => lines.some((l) => l.event === "storage.recovered"), 10_000);
  expect(await readiness(t.db)).toEqual({ status: "ready" });
  expect(await notices()).toEqual([
    expect.objectContaining({
      to: "ops@example.com",
      subject: expect.stringMatching(/writes were refused, the database is unavailable/),
    }),
  ]);
});

it("warns once when free space falls below STORAGE_WARN_MB, and says when it is back above", async () => {
  // The file may grow by 1 MB more; the threshold is 2 MB.
  const pages = t.db.$client.pragma("page_count", { simple: true }) as number;
  t.db.$client.pragma(`max_page_count = ${pages + 256}`);
  await start(2);
  await until(() => lines.some((l) => l.event === "storage.low"), 10_000);
  expect(lines).toEqual([expect.objectContaining({ level: "warn", event: "storage.low", thresholdMb: 2 })]);
  expect(await notices()).toEqual([
    expect.objectContaining({ subject: expect.stringMatching(/MB left under the database/) }),
  ]);
  t.db.$client.pragma(`max_page_count = ${pages + 10_000}`);
  await until(() => lines.some((l) => l.event === "storage.space-ok"), 10_000);
  expect(lines.map((l) => l.event)).toEqual(["storage.low", "storage.space-ok"]);
});

it("tells the admin chat and e-mail once when a fault begins, however many writes fail, and again when writes succeed", async () => {
  const chat = await httpReceiver();
  await start(0, [chat.url]);
  const dispatcher = startDispatcher(t.db, {
    env: outboundEnvFrom({ RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "1" }),
    log: () => {},
    random: () => 0,
    mail: null,
  });
  try {
    // A fault as the driver reports it (db/faults.ts), on five refused writes: one incident. The disk
    // is not really full, so the notice is written at once and the watch's probe ends the fault.
    const full = Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    for (let i = 0; i < 5; i++) t.db.$health.failed(full);
    await until(() => chat.received.length >= 2, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const texts = chat.received.map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(texts).toEqual([
      expect.stringMatching(/^Releaseboard: writes are refused, the storage under the database is full/),
      expect.stringMatching(/^Releaseboard: writes succeed again[\s\S]*nothing acknowledged was lost/),
    ]);
    expect((await notices()).map((n) => [n.to, n.subject])).toEqual([
      ["ops@example.com", "Releaseboard: writes are refused, the storage under the database is full"],
      ["ops@example.com", "Releaseboard: writes succeed again"],
    ]);
    expect(lines.map((l) => l.event)).toEqual(["storage.fault", "storage.recovered"]);
  } finally {
    dispatcher.stop();
    await chat.close();
  }
});
