import { mainDatabaseFileQuery } from "../../db/dialect";
import { first, rawRows, writeTransaction } from "../../db/client";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { signingSecrets } from "../../db/schema";
import { resolveAuthSecret } from "./secret";

const prefix = "v1:";
const keys = new Map<string, Buffer>();

/**
 * Signing secrets must be readable (HMAC needs the key itself), so they are encrypted at
 * rest instead of hashed: AES-256-GCM under a key derived (HKDF-SHA256) from AUTH_SECRET,
 * or from the generated auth-secret beside the database. A copy of the database file alone
 * does not give them away. Changing AUTH_SECRET makes them unreadable: rotate them then.
 */
const secrets = new Map<string, string>();

/**
 * The secret the database's sealed data hangs on: AUTH_SECRET, or on SQLite the auth-secret
 * generated beside its file. Postgres has no file: there AUTH_SECRET is required (server/config.ts),
 * so every instance has the same one.
 */
export async function databaseSecret(db: Db | Tx): Promise<string> {
  // Asked of the database, not of the connection object: verbs may hold a transaction, and the
  // demo seed runs them inside one of its own.
  const file = (await first(await rawRows<{ file: string }>(db, mainDatabaseFileQuery())))?.file ?? "";
  let secret = secrets.get(file);
  if (!secret) {
    // An in-memory database (tests) has no folder for a generated secret; its secrets die with it.
    secret = file ? resolveAuthSecret(file) : (process.env.AUTH_SECRET ?? randomBytes(32).toString("base64url"));
    secrets.set(file, secret);
  }
  return secret;
}

async function keyFor(db: Db | Tx): Promise<Buffer> {
  const secret = await databaseSecret(db);
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "releaseboard", "signing secrets v1", 32));
    keys.set(secret, key);
  }
  return key;
}

export async function sealSecret(db: Db | Tx, plain: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await keyFor(db), iv);
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return prefix + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

async function unseal(db: Db | Tx, stored: string): Promise<string | null> {
  if (!stored.startsWith(prefix)) return stored;
  try {
    const bytes = Buffer.from(stored.slice(prefix.length), "base64url");
    const decipher = createDecipheriv("aes-256-gcm", await keyFor(db), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** The secret in clear; a row written before encryption is returned as it is; null when it cannot be opened (another AUTH_SECRET). */
export async function openSecret(db: Db | Tx, stored: string): Promise<string | null> {
  const plain = await unseal(db, stored);
  if (plain === null)
    console.error(
      "[secrets] a signing secret cannot be decrypted: AUTH_SECRET has changed since it was stored; rotate it",
    );
  return plain;
}

/**
 * Whether this process holds the key the database's signing secrets were sealed with: the
 * newest sealed secret opens (true too when there is none yet). The CLI asks before it
 * reads or writes a secret, so one run without the server's AUTH_SECRET cannot add secrets
 * the server cannot read (README: Security).
 */
export async function sealedWithThisKey(db: Db | Tx): Promise<boolean> {
  const newest = await first(
    db
      .select({ secret: signingSecrets.secret })
      .from(signingSecrets)
      .where(sql`${signingSecrets.secret} like ${`${prefix}%`}`)
      .orderBy(desc(signingSecrets.id))
      .limit(1),
  );
  return !newest || (await unseal(db, newest.secret)) !== null;
}

export const isSealed = (stored: string) => stored.startsWith(prefix);

/** Encrypts signing secrets stored in clear by an older version; run at start-up. Returns how many. */
export async function sealPlainSecrets(db: Db): Promise<number> {
  const plain = (await db.select({ id: signingSecrets.id, secret: signingSecrets.secret }).from(signingSecrets)).filter(
    (r) => !isSealed(r.secret),
  );
  await writeTransaction(db, async (tx) => {
    for (const row of plain)
      await tx
        .update(signingSecrets)
        .set({ secret: await sealSecret(db, row.secret) })
        .where(eq(signingSecrets.id, row.id));
  });
  return plain.length;
}
