import { writeTransaction as writeTx } from "../../db/client";
import { first } from "../../db/client";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import Database from "better-sqlite3";
import { openDatabase } from "../../db/client";
import { signingSecrets, projects } from "../../db/schema";
import { createTestDb, onPostgres, testContext, userActor, type TestDb } from "../testing/test-db";
import { applyPipeline } from "../services/apply-pipeline";
import { rotateSigningSecret } from "../services/rotate-signing-secret";
import { activeSigningSecrets } from "../queries/tokens";
import { sealPlainSecrets } from "./secret-box";

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe("database files (item 9)", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-modes-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("creates the database, -wal and -shm readable by the owner only, whatever the umask", () => {
    const previous = process.umask(0o022);
    try {
      const file = path.join(dir, "new.db");
      const db = openDatabase(file);
      db.$client.exec("create table t (x); insert into t values (1);");
      for (const each of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(each).toString(8)).toBe("600");
      db.$client.close();
    } finally {
      process.umask(previous);
    }
  });

  it("fixes an existing database left readable by everyone", () => {
    const file = path.join(dir, "old.db");
    const old = new Database(file);
    old.pragma("journal_mode = WAL");
    old.exec("create table t (x)");
    old.close();
    fs.chmodSync(file, 0o644);
    expect(modeOf(file)).toBe(0o644);
    openDatabase(file).$client.close();
    expect(modeOf(file)).toBe(0o600);
  });
});

describe("signing secrets at rest (item 9)", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    await applyPipeline({
      ctx: testContext(t.db, userActor("admin")),
      input: { project: "api", name: "API", environments: [{ slug: "dev", name: "Dev" }] },
    });
  });
  afterEach(() => t.close());

  // Reads the SQLite file's bytes.
  it.skipIf(onPostgres)("are stored encrypted, never in clear, and still verify", async () => {
    const ctx = testContext(t.db, userActor("admin"), new Date());
    const rotated = await rotateSigningSecret({ ctx, input: { project: "api" } });
    expect(rotated).toMatch(/^whsec_/);
    const project = (await first(t.db.select().from(projects).where(eq(projects.slug, "api"))))!;
    const active = await activeSigningSecrets(t.db, project.id);
    expect(active[0]).toBe(rotated);
    expect(active).toHaveLength(2);
    t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    const onDisk = fs.readFileSync(t.file).toString("latin1");
    for (const secret of active) {
      expect(onDisk).not.toContain(secret);
      expect(onDisk).not.toContain(secret.slice(6));
    }
    for (const row of await t.db.select().from(signingSecrets)) expect(row.secret).toMatch(/^v1:/);
  });

  it("encrypts secrets stored in clear by an earlier version", async () => {
    const project = (await first(t.db.select().from(projects).where(eq(projects.slug, "api"))))!;
    await writeTx(t.db, async (tx) => {
      await tx
        .insert(signingSecrets)
        .values({ projectId: project.id, secret: "whsec_bGVnYWN5IHNlY3JldCBpbiBjbGVhcg==", createdAt: new Date() });
    });
    expect(await activeSigningSecrets(t.db, project.id)).toContain("whsec_bGVnYWN5IHNlY3JldCBpbiBjbGVhcg==");
    expect(await sealPlainSecrets(t.db)).toBe(1);
    expect((await t.db.select().from(signingSecrets)).every((r) => r.secret.startsWith("v1:"))).toBe(true);
    expect(await activeSigningSecrets(t.db, project.id)).toContain("whsec_bGVnYWN5IHNlY3JldCBpbiBjbGVhcg==");
  });
});

describe("session tokens at rest (item 9)", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it("are stored as digests: the cookie signs in, the stored value does not", async () => {
    const { createAuth } = await import("./auth");
    const { addUser } = await import("../services/add-user");
    const { actorFromRequest } = await import("./session");
    const { sessions } = await import("../../db/schema");
    const origin = "http://localhost:3000";
    const auth = createAuth(t.db, { databasePath: t.file, baseUrl: origin });
    await addUser({
      ctx: { db: t.db, actor: userActor("admin") },
      input: { email: "vi@example.com", name: "Vi", role: "viewer", password: "correct horse" },
    });
    const signedIn = await auth.handler(
      new Request(`${origin}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ email: "vi@example.com", password: "correct horse" }),
      }),
    );
    const cookie = signedIn.headers.get("set-cookie")!.split(";")[0]!;
    const token = decodeURIComponent(cookie.split("=")[1]!).split(".")[0]!;
    const stored = (await first(t.db.select().from(sessions)))!;
    expect(stored.token).not.toBe(token);
    expect(stored.token).toMatch(/^h1:/);
    expect(await actorFromRequest(auth, t.db, new Headers({ cookie }))).toMatchObject({ name: "Vi" });
    // A cookie made from what the database holds signs nobody in.
    const forged = cookie.replace(encodeURIComponent(token), encodeURIComponent(stored.token));
    expect(await actorFromRequest(auth, t.db, new Headers({ cookie: forged }))).toBeNull();
  });
});
