import fs from "node:fs";
import path from "node:path";
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import { desc, isNull, sql, type SQL } from "drizzle-orm";
import { first as firstRow, rawExecute, rawRows, writeTransaction, type Queryable, type Tx } from "../../db/client";
import { currentDialect } from "../../db/schema";
import { inJsonList, jsonList, mainDatabaseFileQuery, timeParam } from "../../db/dialect";
import { auditCheckpoints, auditEvents } from "../../db/schema";
import { databaseSecret } from "../auth/secret-box";
import { queueCheckpointDelivery, type CheckpointTargets } from "./checkpoint-delivery";
import { canonicalJson, chainHash, checkpointMessage, genesisHash, type ChainEntry } from "../domain/audit-chain";

/** An entry as raw SQL reads it: times are milliseconds on SQLite and Dates on Postgres, detail text or jsonb. */
type Row = {
  id: number;
  created_at: number | Date;
  kind: string;
  project_id: number | null;
  environment_id: number | null;
  release_id: number | null;
  actor_type: string;
  actor_id: string;
  actor_name: string;
  summary: string;
  detail: string | object | null;
  hash: string | null;
};

const selectColumns = sql.raw(
  "id, created_at, kind, project_id, environment_id, release_id, actor_type, actor_id, actor_name, summary, detail, hash",
);

const entryOf = (row: Row): ChainEntry => ({
  id: row.id,
  createdAt: new Date(row.created_at).getTime(),
  kind: row.kind,
  projectId: row.project_id,
  environmentId: row.environment_id,
  releaseId: row.release_id,
  actorType: row.actor_type,
  actorId: row.actor_id,
  actorName: row.actor_name,
  summary: row.summary,
  detail: row.detail === null ? null : typeof row.detail === "string" ? JSON.parse(row.detail) : row.detail,
});

/** Rows read per query while walking the chain: bounded memory over a log of millions. */
const pageSize = 5_000;

/** Every entry `where` selects, in id order, a page at a time. */
async function* entriesWhere(db: Queryable, where: SQL, afterId = 0): AsyncGenerator<Row> {
  for (let after = afterId; ;) {
    const page = await rawRows<Row>(
      db,
      sql`select ${selectColumns} from audit_events where id > ${after} and ${where} order by id limit ${pageSize}`,
    );
    for (const row of page) yield row;
    if (page.length < pageSize) return;
    after = page.at(-1)!.id;
  }
}

/**
 * Gives a hash to every entry written before the chain existed (or by an older build), in id
 * order, from the last sealed one. Runs at start and before an append finds an unsealed tail.
 */
export async function sealAuditChain(db: Queryable): Promise<number> {
  return writeTransaction(db, async (tx) => {
    const first = await firstRow(
      rawRows<{ id: number | null }>(tx, sql`select min(id) as id from audit_events where hash is null`),
    );
    if (!first || first.id === null) return 0;
    const before = await firstRow(
      rawRows<{ hash: string | null }>(
        tx,
        sql`select hash from audit_events where id < ${first.id} order by id desc limit 1`,
      ),
    );
    let previous = before?.hash ?? genesisHash;
    let rows = 0;
    for await (const row of entriesWhere(tx, sql`true`, first.id - 1)) {
      previous = row.hash ?? chainHash(previous, entryOf(row));
      if (row.hash === null) await rawExecute(tx, sql`update audit_events set hash = ${previous} where id = ${row.id}`);
      rows++;
    }
    return rows;
  });
}

export type ChainVerdict =
  | { ok: true; entries: number; head: { id: number; hash: string } | null }
  | { ok: false; entries: number; firstBad: number; problem: string };

export type Checkpoint = { seq: number; hash: string; at: string; signature: string; publicKey?: string };

/**
 * Walks the chain from the first entry (README: Evidence): every id in sequence, every hash the
 * one its previous hash and encoding give. With a checkpoint, the entry it names must still
 * have the hash it signed, so a chain rewritten after it is caught too.
 */
export async function verifyAuditChain(
  db: Queryable,
  checkpoint?: Checkpoint,
  after?: { seq: number; hash: string },
): Promise<ChainVerdict> {
  // From a checkpoint already verified: its entry must still carry its hash, then on from there.
  if (after) {
    const kept = await firstRow(
      rawRows<{ hash: string | null }>(db, sql`select hash from audit_events where id = ${after.seq}`),
    );
    if (kept?.hash !== after.hash)
      return bad(0, after.seq, `the history up to checkpoint #${after.seq} was rewritten or removed`);
  }
  let previous = after?.hash ?? genesisHash;
  let expectedId: number | null = after ? after.seq + 1 : null;
  let entries = 0;
  let head: { id: number; hash: string } | null = null;
  let checkpointSeen = false;
  for await (const row of entriesWhere(db, sql`true`, after?.seq ?? 0)) {
    const id = row.id;
    if (expectedId !== null && id !== expectedId) {
      return bad(entries, expectedId, `entries #${expectedId}–#${id - 1} were removed (the ids jump to #${id})`);
    }
    if (row.hash === null) return bad(entries, id, `entry #${id} has no hash: it was inserted without the chain`);
    const hash = chainHash(previous, entryOf(row));
    if (hash !== row.hash) {
      return bad(
        entries,
        id,
        `entry #${id} was changed, inserted or reordered: its hash does not follow from the entries before it`,
      );
    }
    if (checkpoint && id === checkpoint.seq) {
      checkpointSeen = true;
      if (hash !== checkpoint.hash)
        return bad(
          entries,
          id,
          `the history up to checkpoint #${checkpoint.seq} was rewritten: entry #${id}'s hash differs from the signed one`,
        );
    }
    previous = hash;
    expectedId = id + 1;
    entries++;
    head = { id, hash };
  }
  if (checkpoint && !checkpointSeen)
    return bad(entries, checkpoint.seq, `entry #${checkpoint.seq} of the checkpoint is missing from the history`);
  return { ok: true, entries, head };
}

function bad(entries: number, firstBad: number, problem: string): ChainVerdict {
  return { ok: false, entries, firstBad, problem };
}

/** The Ed25519 key that signs checkpoints: made once beside the database (owner-only), then reused. */
export function auditSigningKey(databasePath: string): { privateKey: KeyObject; publicKeyPem: string } {
  const file = path.join(path.dirname(path.resolve(databasePath)), "audit-signing-key.pem");
  let pem: string;
  try {
    pem = fs.readFileSync(file, "utf8");
  } catch {
    const { privateKey } = generateKeyPairSync("ed25519");
    pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
    } catch {
      // Another process made it first: use theirs.
      pem = fs.readFileSync(file, "utf8");
    }
  }
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKeyPem: createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString() };
}

/**
 * Signs the head of the chain and keeps the checkpoint, queueing it for its outbound targets in the
 * same transaction (checkpoint-delivery.ts); null while the log is empty.
 */
export async function writeCheckpoint(
  db: Queryable,
  key: { privateKey: KeyObject; publicKeyPem: string },
  now: Date,
  targets: CheckpointTargets = { webhook: null, emails: [] },
) {
  await sealAuditChain(db);
  return writeTransaction(db, async (tx) => {
    const head = await firstRow(
      tx
        .select({ id: auditEvents.id, hash: auditEvents.hash })
        .from(auditEvents)
        .orderBy(desc(auditEvents.id))
        .limit(1),
    );
    if (!head?.hash) return null;
    const at = now.toISOString();
    const signature = sign(null, Buffer.from(checkpointMessage({ seq: head.id, hash: head.hash, at })), key.privateKey);
    const checkpoint: Checkpoint = {
      seq: head.id,
      hash: head.hash,
      at,
      signature: signature.toString("base64"),
      publicKey: key.publicKeyPem,
    };
    await tx
      .insert(auditCheckpoints)
      .values({ seq: checkpoint.seq, hash: checkpoint.hash, signature: checkpoint.signature, createdAt: now });
    await queueCheckpointDelivery(tx, checkpoint, targets, now);
    return checkpoint;
  });
}

/** Whether a checkpoint was signed by this key (the server's, not whatever key the file carries). */
export function checkpointSignedBy(checkpoint: Checkpoint, publicKeyPem: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(checkpointMessage(checkpoint)),
      createPublicKey(publicKeyPem),
      Buffer.from(checkpoint.signature, "base64"),
    );
  } catch {
    return false;
  }
}

export async function latestCheckpoint(db: Queryable) {
  return (
    (await firstRow((db as Tx).select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1))) ?? null
  );
}

/** Entries in a time range with their hashes, oldest first, for archiving as JSON Lines. */
export async function* exportAuditEntries(db: Queryable, from: Date, to: Date) {
  const inRange = sql`created_at >= ${timeParam(from)} and created_at <= ${timeParam(to)}`;
  for await (const row of entriesWhere(db, inRange)) {
    const entry = entryOf(row);
    yield { ...entry, createdAt: new Date(row.created_at).toISOString(), hash: row.hash };
  }
}

export const unsealedEntries = async (db: Queryable) =>
  (await (db as Tx).select({ id: auditEvents.id }).from(auditEvents).where(isNull(auditEvents.hash)).limit(1)).length;

/**
 * The signing key of the database a handle is on. SQLite: a key file beside the database file.
 * Postgres: derived from AUTH_SECRET (HKDF to an Ed25519 seed), so every instance signs with the same key.
 */
export async function auditKeyOf(db: Queryable): Promise<{ privateKey: KeyObject; publicKeyPem: string }> {
  if (currentDialect() === "postgres") return keyFromSecret(await databaseSecret(db));
  const file = (await firstRow(rawRows<{ file: string }>(db, mainDatabaseFileQuery())))?.file ?? "";
  return auditSigningKey(file || ":memory:");
}

/** PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed (RFC 8410). */
const ed25519Pkcs8Prefix = Buffer.from("302e020100300506032b657004220420", "hex");

function keyFromSecret(secret: string) {
  const seed = Buffer.from(hkdfSync("sha256", secret, "releaseboard", "audit signing key v1", 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([ed25519Pkcs8Prefix, seed]), format: "der", type: "pkcs8" });
  return { privateKey, publicKeyPem: createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString() };
}

/**
 * A document signed as evidence (README: Evidence): the signature is Ed25519 over the UTF-8
 * bytes of the document's canonical JSON (keys sorted, no whitespace), with the public key beside it.
 */
export function signDocument<T extends object>(document: T, key: { privateKey: KeyObject; publicKeyPem: string }) {
  const signature = sign(null, Buffer.from(canonicalJson(document)), key.privateKey).toString("base64");
  return { document, signature: { algorithm: "Ed25519", value: signature, publicKey: key.publicKeyPem } };
}

export function documentSignedBy(document: object, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(canonicalJson(document)),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, "base64"),
    );
  } catch {
    return false;
  }
}

/** Which cited entries no longer carry the hash the evidence recorded (changed or removed since). */
export async function changedCitations(db: Queryable, cited: { id: number; hash: string | null }[]): Promise<number[]> {
  const stored = new Map<number, string | null>();
  // One read per few hundred cited entries, not one per entry (a pack may cite thousands).
  for (let at = 0; at < cited.length; at += 500) {
    const ids = cited.slice(at, at + 500).map((c) => c.id);
    const rows = await rawRows<{ id: number; hash: string | null }>(
      db,
      sql`select id, hash from audit_events where ${inJsonList(sql`id`, jsonList(ids))}`,
    );
    for (const row of rows) stored.set(Number(row.id), row.hash);
  }
  return cited.filter((c) => !stored.has(c.id) || stored.get(c.id) !== c.hash).map((c) => c.id);
}
