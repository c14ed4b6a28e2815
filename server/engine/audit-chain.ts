/* eslint-disable no-restricted-syntax -- the chain is hashed and verified over better-sqlite3's own
   statements (streamed, in row order); they move behind db/ with the Postgres step (issue 23). */
import fs from "node:fs";
import path from "node:path";
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { desc, isNull } from "drizzle-orm";
import { first as firstRow, sqliteConnectionFor, writeTransaction, type Queryable, type Tx } from "../../db/client";
import { auditCheckpoints, auditEvents } from "../../db/schema";
import { queueCheckpointDelivery, type CheckpointTargets } from "./checkpoint-delivery";
import { canonicalJson, chainHash, checkpointMessage, genesisHash, type ChainEntry } from "../domain/audit-chain";

type Row = [
  number,
  number,
  string,
  number | null,
  number | null,
  number | null,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
];

const selectColumns =
  "id, created_at, kind, project_id, environment_id, release_id, actor_type, actor_id, actor_name, summary, detail, hash";

const entryOf = (row: Row): ChainEntry => ({
  id: row[0],
  createdAt: row[1],
  kind: row[2],
  projectId: row[3],
  environmentId: row[4],
  releaseId: row[5],
  actorType: row[6],
  actorId: row[7],
  actorName: row[8],
  summary: row[9],
  detail: row[10] === null ? null : JSON.parse(row[10]),
});

function sqliteOf(db: Queryable) {
  return sqliteConnectionFor(db);
}

/**
 * Gives a hash to every entry written before the chain existed (or by an older build), in id
 * order, from the last sealed one. Runs at start and before an append finds an unsealed tail.
 */
export async function sealAuditChain(db: Queryable): Promise<number> {
  return writeTransaction(db, async () => {
    const sqlite = sqliteOf(db);
    const first = sqlite.prepare("select min(id) as id from audit_events where hash is null").get() as {
      id: number | null;
    };
    if (first.id === null) return 0;
    const before = sqlite
      .prepare("select hash from audit_events where id < ? order by id desc limit 1")
      .get(first.id) as { hash: string | null } | undefined;
    let previous = before?.hash ?? genesisHash;
    const update = sqlite.prepare("update audit_events set hash = ? where id = ?");
    const rows = sqlite
      .prepare(`select ${selectColumns} from audit_events where id >= ? order by id`)
      .raw()
      .all(first.id) as Row[];
    for (const row of rows) {
      previous = row[11] ?? chainHash(previous, entryOf(row));
      if (row[11] === null) update.run(previous, row[0]);
    }
    return rows.length;
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
export function verifyAuditChain(
  db: Queryable,
  checkpoint?: Checkpoint,
  after?: { seq: number; hash: string },
): ChainVerdict {
  const sqlite = sqliteOf(db);
  // From a checkpoint already verified: its entry must still carry its hash, then on from there.
  if (after) {
    const kept = sqlite.prepare("select hash from audit_events where id = ?").get(after.seq) as
      { hash: string | null } | undefined;
    if (kept?.hash !== after.hash)
      return bad(0, after.seq, `the history up to checkpoint #${after.seq} was rewritten or removed`);
  }
  let previous = after?.hash ?? genesisHash;
  let expectedId: number | null = after ? after.seq + 1 : null;
  let entries = 0;
  let head: { id: number; hash: string } | null = null;
  let checkpointSeen = false;
  const statement = sqlite.prepare(`select ${selectColumns} from audit_events where id > ? order by id`).raw();
  for (const row of statement.iterate(after?.seq ?? 0) as IterableIterator<Row>) {
    const id = row[0];
    if (expectedId !== null && id !== expectedId) {
      return bad(entries, expectedId, `entries #${expectedId}–#${id - 1} were removed (the ids jump to #${id})`);
    }
    if (row[11] === null) return bad(entries, id, `entry #${id} has no hash: it was inserted without the chain`);
    const hash = chainHash(previous, entryOf(row));
    if (hash !== row[11]) {
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
export function* exportAuditEntries(db: Queryable, from: Date, to: Date) {
  const statement = sqliteOf(db)
    .prepare(`select ${selectColumns} from audit_events where created_at >= ? and created_at <= ? order by id`)
    .raw();
  for (const row of statement.iterate(from.getTime(), to.getTime()) as IterableIterator<Row>) {
    const entry = entryOf(row);
    yield { ...entry, createdAt: new Date(row[1]).toISOString(), hash: row[11] };
  }
}

export const unsealedEntries = async (db: Queryable) =>
  (await (db as Tx).select({ id: auditEvents.id }).from(auditEvents).where(isNull(auditEvents.hash)).limit(1)).length;

/** The signing key of the database a handle is on (the key file lives beside the database file). */
export function auditKeyOf(db: Queryable) {
  return auditSigningKey(sqliteOf(db).name);
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
export function changedCitations(db: Queryable, cited: { id: number; hash: string | null }[]): number[] {
  const statement = sqliteOf(db).prepare("select hash from audit_events where id = ?");
  return cited
    .filter((c) => (statement.get(c.id) as { hash: string | null } | undefined)?.hash !== c.hash)
    .map((c) => c.id);
}
