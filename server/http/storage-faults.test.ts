import { first, rawExecute, rawRows } from "../../db/client";
import { liveParts } from "../runtime";
import fs from "node:fs";
import { count, sql } from "drizzle-orm";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { idempotencyKeys, releases } from "../../db/schema";
import { classifyStorageError } from "../../db/faults";
import { openDatabase } from "../../db/client";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { fillTheDisk as fillDisk } from "../testing/fill-disk";
import { runCli, tempDirPerTest } from "../testing/cli";
import { createProjectToken } from "../services/create-project-token";
import { probeStorage, writeGrouped } from "../engine";
import { appRouter } from "../trpc/router";
import { postRelease } from "./endpoints";

/** README: Faults — a write the storage refuses is a 503 that says why, and nothing of it is kept. */
let t: TestDb;
let token: string;
beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, "api", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA" },
  ]);
  token = (await createProjectToken({ ctx, input: { project: "api", name: "ci" } })).token;
});
afterEach(() => t.close());

const fillTheDisk = () => fillDisk(t.db);
const freeSpace = () => t.db.$client.pragma("max_page_count = 1073741823");

// Large enough to need pages of its own, whatever the free list holds.
const notes = "x".repeat(20_000);
const create = (version: string, key: string) =>
  postRelease(
    t.db,
    new Request("http://localhost:3000/api/v1/projects/api/releases", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": key },
      body: JSON.stringify({ version, notes }),
    }),
    "api",
  );
const releaseCount = async () => (await first(t.db.select({ n: count() }).from(releases)))!.n;
const keyCount = async () => (await first(t.db.select({ n: count() }).from(idempotencyKeys)))!.n;

describe("classifyStorageError", () => {
  it("tells a full disk and an unreachable database from other driver errors, through drizzle's wrapper", async () => {
    fillTheDisk();
    let full: unknown;
    try {
      await rawExecute(t.db, sql`insert into filler values (${notes})`);
    } catch (error) {
      full = error;
    }
    expect(classifyStorageError(full)).toBe("full");
    let constraint: unknown;
    try {
      await rawExecute(t.db, sql`insert into projects (id, slug, name) values (1, 'api', 'again')`);
    } catch (error) {
      constraint = error;
    }
    expect(constraint).toBeDefined();
    expect(classifyStorageError(constraint)).toBeNull();
    const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    expect(classifyStorageError(busy)).toBe("unavailable");
    expect(classifyStorageError(Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_FSYNC" }))).toBe(
      "unavailable",
    );
    expect(classifyStorageError(new Error("boom"))).toBeNull();
  });
});

describe("the public API on a full disk", () => {
  it("answers 503 with Retry-After and says what happened; nothing is kept, and the same key works once space is back", async () => {
    expect((await create("1.0.0", "first")).status).toBe(201);
    fillTheDisk();
    const refused = await create("1.1.0", "second");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ status: 503, detail: expect.stringMatching(/storage is full/) });
    expect(await releaseCount()).toBe(1);
    expect(await keyCount()).toBe(1);
    expect(t.db.$health.fault).toBe("full");

    freeSpace();
    const retried = await create("1.1.0", "second");
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect(await releaseCount()).toBe(2);
    // A write that fits says little; the probe, a write of its own size, says the fault is over.
    expect(t.db.$health.fault).toBe("full");
    expect(await probeStorage(t.db)).toBe(true);
    expect(t.db.$health.fault).toBeNull();
  });

  it("refuses every write of a group commit whose transaction SQLite gave up, not only the one that failed", async () => {
    await rawExecute(t.db, sql`create table notes (id integer primary key, body text not null)`);
    fillTheDisk();
    await rawExecute(t.db, sql`delete from filler where rowid = (select max(rowid) from filler)`);
    const write = (body: string) =>
      writeGrouped(t.db, async (tx) => await rawExecute(tx, sql`insert into notes (body) values (${body})`));
    // The first fits in the page just freed; the second needs pages there are none of, and SQLite rolls back both.
    const outcomes = await Promise.allSettled([write("small"), write(notes), write("after")]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    for (const outcome of outcomes.slice(0, 2))
      expect(classifyStorageError((outcome as PromiseRejectedResult).reason)).toBe("full");
    // Only what was acknowledged is there.
    expect((await rawRows<{ body: string }>(t.db, sql`select body from notes`)).map((r) => r.body)).toEqual(["after"]);
  });
});

describe("tRPC while the database is unavailable", () => {
  it("answers 503 SERVICE_UNAVAILABLE with the words the API uses, marked UNAVAILABLE for the UI's banner", async () => {
    // Another connection (the command line, a second process) holds the write lock past the busy timeout.
    const other = openDatabase(t.file);
    other.$client.prepare("BEGIN IMMEDIATE").run();
    t.db.$client.pragma("busy_timeout = 50");
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      req: new Request("http://localhost/api/trpc/projects.create", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(superjson.serialize({ slug: "web", name: "Web" })),
      }),
      createContext: () => ({ db: t.db, ...liveParts(t.db), actor: userActor("admin") }),
    });
    other.$client.prepare("ROLLBACK").run();
    other.$client.close();
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { json: { message: string; data: Record<string, unknown> } } };
    expect(body.error.json.message).toMatch(/database is unavailable/);
    expect(body.error.json.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", domain: { code: "UNAVAILABLE" } });
  });
});

describe("the command line while the database is unavailable", () => {
  const temp = tempDirPerTest("releaseboard-fault-cli-");
  it("says so in one line and exits 75 (try again), not with a stack", () => {
    const file = `${temp.path}/locked.db`;
    runCli(file, ["db", "migrate"]);
    fs.writeFileSync(`${temp.path}/web.yaml`, "project: web\nname: Web\nenvironments:\n  - { slug: dev, name: Dev }\n");
    // Another writer holds the lock for longer than the busy timeout.
    const holder = openDatabase(file);
    holder.$client.prepare("BEGIN IMMEDIATE").run();
    try {
      const result = runCli(file, ["pipeline", "apply", `${temp.path}/web.yaml`]);
      expect(result.status).toBe(75);
      expect(result.stderr.split("\n")).toEqual([expect.stringMatching(/^releaseboard: The database is unavailable/)]);
    } finally {
      holder.$client.prepare("ROLLBACK").run();
      holder.$client.close();
    }
  }, 60_000);
});
