import fs from "node:fs";
import path from "node:path";
import { generateKeyPairSync, sign } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { runCli, tempDirPerTest } from "../testing/cli";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { chainHash, checkpointMessage, genesisHash, encodeEntry } from "../domain/audit-chain";
import {
  auditSigningKey,
  checkpointSignedBy,
  sealAuditChain,
  verifyAuditChain,
  writeCheckpoint,
  type Checkpoint,
} from "./audit-chain";

type StoredRow = {
  id: number;
  created_at: number;
  kind: string;
  project_id: number | null;
  environment_id: number | null;
  release_id: number | null;
  actor_type: string;
  actor_id: string;
  actor_name: string;
  summary: string;
  detail: string | null;
  hash: string | null;
};

/** An entry as the README's encoding names its fields, from the row as stored. */
const entryOf = (row: StoredRow) => ({
  id: row.id,
  createdAt: row.created_at,
  kind: row.kind,
  projectId: row.project_id,
  environmentId: row.environment_id,
  releaseId: row.release_id,
  actorType: row.actor_type,
  actorId: row.actor_id,
  actorName: row.actor_name,
  summary: row.summary,
  detail: row.detail === null ? null : JSON.parse(row.detail),
});

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin", "Ada"));
  await givenProject(ctx, "shop", [
    { slug: "dev", name: "Development" },
    { slug: "production", name: "Production" },
  ]);
  for (const version of ["1.0.0", "1.1.0", "1.2.0"]) {
    await createRelease({ ctx, input: { project: "shop", version, notes: `Notes of ${version}` } });
    ctx.advance(5);
  }
  await moveRelease({ ctx, input: { project: "shop", version: "1.2.0", to: "production" } });
});
afterEach(() => t.close());

const sql = (statement: string, ...params: unknown[]) => t.db.$client.prepare(statement).run(...params);
const count = () => (t.db.$client.prepare("select count(*) as n from audit_events").get() as { n: number }).n;
/** What someone holding the file can do: drop the guards and write. */
const unguarded = () => {
  sql("drop trigger audit_events_no_update");
  sql("drop trigger audit_events_no_delete");
};

async function expectBad(firstBad: number, words: string, checkpoint?: Checkpoint) {
  const verdict = await verifyAuditChain(t.db, checkpoint);
  expect(verdict.ok).toBe(false);
  if (verdict.ok) return;
  expect(verdict.firstBad).toBe(firstBad);
  expect(verdict.problem).toContain(words);
}

describe("the hash chain", () => {
  it("verifies an untouched history, naming the count and the head", async () => {
    const verdict = await verifyAuditChain(t.db);
    expect(verdict).toMatchObject({ ok: true, entries: count() });
    const last = t.db.$client.prepare("select id, hash from audit_events order by id desc limit 1").get();
    expect(verdict.ok && verdict.head).toEqual(last);
  });

  it("is re-computable from the documented encoding alone", async () => {
    const rows = t.db.$client.prepare("select * from audit_events order by id").all() as StoredRow[];
    let previous = genesisHash;
    for (const row of rows) {
      expect(encodeEntry(entryOf(row)).startsWith(`[${row.id},${row.created_at},"${row.kind}",`)).toBe(true);
      previous = chainHash(previous, entryOf(row));
      expect(row.hash).toBe(previous);
    }
  });

  it("refuses to change an entry while its guard stands, and allows sealing only", async () => {
    expect(() => sql("update audit_events set summary = 'nothing happened' where id = 2")).toThrow(/append-only/);
    expect(() => sql("delete from audit_events where id = 2")).toThrow(/append-only/);
  });

  it("catches a changed entry", async () => {
    unguarded();
    sql("update audit_events set summary = 'nothing happened' where id = 3");
    await expectBad(3, "changed");
  });

  it("catches a removed entry", async () => {
    unguarded();
    sql("delete from audit_events where id = 4");
    await expectBad(4, "removed");
  });

  it("catches an inserted entry", async () => {
    unguarded();
    const head = count();
    sql(
      "insert into audit_events (id, kind, summary, actor_type, actor_id, actor_name, created_at, hash) values (?, 'release.moved', 'forged', 'user', 'x', 'X', 0, ?)",
      head + 1,
      "f".repeat(64),
    );
    await expectBad(head + 1, "inserted");
  });

  it("catches two entries swapped", async () => {
    unguarded();
    const [a, b] = [2, 3].map(
      (id) =>
        t.db.$client.prepare("select summary, kind from audit_events where id = ?").get(id) as {
          summary: string;
          kind: string;
        },
    );
    sql("update audit_events set summary = ?, kind = ? where id = 2", b!.summary, b!.kind);
    sql("update audit_events set summary = ?, kind = ? where id = 3", a!.summary, a!.kind);
    await expectBad(2, "reordered");
  });

  it("catches the whole chain rewritten after a checkpoint, which verifies on its own", async () => {
    const key = auditSigningKey(t.file);
    const checkpoint = (await writeCheckpoint(t.db, key, new Date()))!;
    expect(checkpointSignedBy(checkpoint, key.publicKeyPem)).toBe(true);
    unguarded();
    sql("update audit_events set summary = 'rewritten' where id = 2");
    // The forger re-computes every hash from entry 2 on: the chain alone is consistent again.
    const rows = t.db.$client.prepare("select * from audit_events where id >= 2 order by id").all() as StoredRow[];
    let previous = (t.db.$client.prepare("select hash from audit_events where id = 1").get() as { hash: string }).hash;
    for (const row of rows) {
      previous = chainHash(previous, entryOf(row));
      sql("update audit_events set hash = ? where id = ?", previous, row.id);
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    await expectBad(checkpoint.seq, "rewritten", checkpoint);
  });

  it("knows a checkpoint signed by another key", async () => {
    const checkpoint = (await writeCheckpoint(t.db, auditSigningKey(t.file), new Date()))!;
    const other = generateKeyPairSync("ed25519");
    const forged = {
      ...checkpoint,
      signature: sign(null, Buffer.from(checkpointMessage(checkpoint)), other.privateKey).toString("base64"),
    };
    expect(checkpointSignedBy(forged, auditSigningKey(t.file).publicKeyPem)).toBe(false);
  });

  it("seals entries written before the chain existed, in order", async () => {
    sql(
      "insert into audit_events (kind, summary, actor_type, actor_id, actor_name, created_at) values ('release.moved', 'from an older build', 'user', 'x', 'X', 1)",
    );
    await expectBad(count(), "no hash");
    expect(await sealAuditChain(t.db)).toBe(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    expect(() => sql("update audit_events set hash = ? where id = ?", "0".repeat(64), count())).toThrow(/append-only/);
  });
});

describe("releaseboard audit", () => {
  const temp = tempDirPerTest("releaseboard-audit-");

  it("verifies, checkpoints, exports, and exits 1 naming what was tampered with", async () => {
    const file = path.join(temp.path, "copy.db");
    t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    fs.copyFileSync(t.file, file);
    const verified = runCli(file, ["audit", "verify"]);
    expect(verified.status).toBe(0);
    expect(verified.last).toMatch(new RegExp(`^${count()} entries verified; head #${count()} [0-9a-f]{64}$`));

    const checkpointFile = path.join(temp.path, "checkpoint.json");
    expect(runCli(file, ["audit", "checkpoint", "--out", checkpointFile]).status).toBe(0);
    expect(runCli(file, ["audit", "public-key"]).stdout).toContain("BEGIN PUBLIC KEY");
    const exported = runCli(file, ["audit", "export", "--from", "2000-01-01"]);
    const lines = exported.stdout.split("\n").map((l) => JSON.parse(l) as { id: number; hash: string });
    expect(lines.map((l) => l.id)).toEqual(Array.from({ length: count() }, (_, i) => i + 1));

    const tampered = new (t.db.$client.constructor as new (f: string) => typeof t.db.$client)(file);
    tampered.exec("drop trigger audit_events_no_update; update audit_events set summary = 'hidden' where id = 2");
    tampered.close();
    const caught = runCli(file, ["audit", "verify", "--checkpoint", checkpointFile]);
    expect(caught.status).toBe(1);
    expect(caught.stderr).toContain("entry #2 was changed");
  });
});
