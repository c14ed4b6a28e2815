import { writeTransaction } from "../../db/client";
import { createHash } from "node:crypto";
import { like, not, eq } from "drizzle-orm";
import type { drizzleAdapter } from "better-auth/adapters/drizzle";
import type { Db } from "../../db/client";
import { sessions } from "../../db/schema";

type Factory = ReturnType<typeof drizzleAdapter>;
type Where = { field: string; value?: unknown; operator?: string; connector?: string };

const marker = "h1:";
/** Session tokens are 32 random characters: a plain SHA-256 is enough, no salt or stretching. */
export const sessionTokenDigest = (token: string) => marker + createHash("sha256").update(token).digest("base64url");

/**
 * better-auth stores the session token as the cookie carries it; a copy of the database
 * would then sign anyone in. This wraps its adapter so that the `sessions` table holds
 * only a digest: tokens are hashed on the way in (written, or looked up) and the caller
 * gets its own token back on rows it asked for by token. Rows found otherwise (a user's
 * list of sessions) carry the digest, which no cookie can present.
 */
export function withHashedSessionTokens(
  reading: Factory,
  writing: Factory,
  inWrite: <T>(work: () => Promise<T>) => Promise<T>,
): Factory {
  return ((options: Parameters<Factory>[0]) => {
    const reads = wrap(reading(options));
    const writes = wrap(writing(options));
    // Every write takes its turn on the database's writer, in a transaction of its own (db/client.ts).
    const written =
      <K extends keyof Adapter>(name: K) =>
      (...args: never[]) =>
        inWrite(() => (writes[name] as (...a: never[]) => Promise<unknown>)(...args));
    return {
      ...reads,
      create: written("create"),
      update: written("update"),
      updateMany: written("updateMany"),
      delete: written("delete"),
      deleteMany: written("deleteMany"),
      consumeOne: written("consumeOne"),
      ...("incrementOne" in writes ? { incrementOne: written("incrementOne" as keyof Adapter) } : {}),
      // better-auth's own transactions (a password change with its sessions) read and write on the
      // writer, in one write transaction: the reads' adapter would send their writes to the read-only reader.
      transaction: <R>(run: (tx: TxAdapter) => Promise<R>) => inWrite(() => run(writes as TxAdapter)),
    } as Adapter;
  }) as Factory;
}

type Adapter = ReturnType<Factory>;
type TxAdapter = Parameters<Parameters<Adapter["transaction"]>[0]>[0];

function wrap<A extends Adapter | TxAdapter>(adapter: A): A {
  /** One call's hashing: remembers the tokens it hashed, to give them back on the rows it returns. */
  const call = (model: string) => {
    const session = model === "session";
    const plainOf = new Map<string, string>();
    const hashValue = (value: unknown): unknown => {
      if (typeof value === "string") {
        const digest = sessionTokenDigest(value);
        plainOf.set(digest, value);
        return digest;
      }
      return Array.isArray(value) ? value.map(hashValue) : value;
    };
    const restoreRow = (row: unknown) => {
      const token = row && typeof row === "object" ? (row as Record<string, unknown>).token : undefined;
      const plain = typeof token === "string" ? plainOf.get(token) : undefined;
      return plain ? { ...(row as object), token: plain } : row;
    };
    return {
      where: <W extends Where[] | undefined>(where: W): W =>
        (session && where
          ? where.map((w) => (w.field === "token" ? { ...w, value: hashValue(w.value) } : w))
          : where) as W,
      data: <D>(data: D): D => {
        const record = data as Record<string, unknown>;
        return (
          session && typeof record.token === "string" ? { ...record, token: hashValue(record.token) } : data
        ) as D;
      },
      restore: <T>(result: T): T =>
        !session ? result : ((Array.isArray(result) ? result.map(restoreRow) : restoreRow(result)) as T),
    };
  };
  return {
    ...adapter,
    create: async (data) => {
      const c = call(data.model);
      return c.restore(await adapter.create({ ...data, data: c.data(data.data) }));
    },
    findOne: async (data) => {
      const c = call(data.model);
      return c.restore(await adapter.findOne({ ...data, where: c.where(data.where) }));
    },
    findMany: async (data) => {
      const c = call(data.model);
      return c.restore(await adapter.findMany({ ...data, where: c.where(data.where) }));
    },
    count: (data) => adapter.count({ ...data, where: call(data.model).where(data.where) }),
    update: async (data) => {
      const c = call(data.model);
      return c.restore(await adapter.update({ ...data, where: c.where(data.where), update: c.data(data.update) }));
    },
    updateMany: (data) => {
      const c = call(data.model);
      return adapter.updateMany({ ...data, where: c.where(data.where), update: c.data(data.update) });
    },
    delete: (data) => adapter.delete({ ...data, where: call(data.model).where(data.where) }),
    deleteMany: (data) => adapter.deleteMany({ ...data, where: call(data.model).where(data.where) }),
    consumeOne: async (data) => {
      const c = call(data.model);
      return c.restore(await adapter.consumeOne({ ...data, where: c.where(data.where) }));
    },
    // Writes inside better-auth's transactions go through the same hashing.
    ...("transaction" in adapter
      ? { transaction: (run: (tx: TxAdapter) => Promise<unknown>) => adapter.transaction((tx) => run(wrap(tx))) }
      : {}),
  } as A;
}

/** Replaces tokens stored in clear by an earlier version with their digests; run at start-up. */
export async function hashStoredSessionTokens(db: Db): Promise<number> {
  const plain = await db
    .select({ id: sessions.id, token: sessions.token })
    .from(sessions)
    .where(not(like(sessions.token, `${marker}%`)));
  await writeTransaction(db, async (tx) => {
    for (const row of plain)
      await tx
        .update(sessions)
        .set({ token: sessionTokenDigest(row.token) })
        .where(eq(sessions.id, row.id));
  });
  return plain.length;
}
