import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { engineOf, first, writeTransaction, type Db } from "../../db/client";
import { classifyStorageError } from "../../db/faults";
import { outbox, storageProbes } from "../../db/schema";
import { outboundRetryWindowMs } from "../domain/deploy";
import { renderStorageChat, renderStorageNotice, type StorageNotice } from "../domain/storage-notice";
import { chatKind, emailKind, emailRecipients, notifySettingsFrom } from "./notify";
import { randomUUID } from "node:crypto";

/** Big enough to need pages of its own (and room in the WAL), as a real write of a release or a report does. */
const probeBytes = 64 * 1024;

/**
 * One write that needs what a real one needs — the write lock, new pages, room in the WAL,
 * an fsync — and leaves nothing behind (a row of storage_probes, deleted in the same
 * transaction). Its success clears the database's fault (db/faults.ts); its failure keeps
 * or sets it. Returns whether writes succeed now.
 */
export async function probeStorage(db: Db): Promise<boolean> {
  try {
    await writeTransaction(db, async (tx) => {
      const { id } = (await first(
        tx
          .insert(storageProbes)
          .values({ body: Buffer.alloc(probeBytes) })
          .returning(),
      ))!;
      await tx.delete(storageProbes).where(sql`${storageProbes.id} <= ${id}`);
    });
    db.$health.succeeded();
    return true;
  } catch (error) {
    // writeTransaction recorded a storage fault; anything else is a bug worth a log line.
    if (!classifyStorageError(error)) console.error("[storage]", error);
    return false;
  }
}

/**
 * Bytes free for the database to grow into: what the file system has for it, and, when the
 * file is capped (DATABASE_MAX_SIZE_MB), what is left under the cap, whichever is less.
 */
export function freeSpaceBytes(db: Db, file: string): number | null {
  // Postgres keeps its data on its own machine: its disk-full is a fault like any other (53100), not watched here.
  if (engineOf(db)) return null;
  let free = Number.POSITIVE_INFINITY;
  try {
    const stats = fs.statfsSync(path.dirname(path.resolve(file)));
    free = stats.bavail * stats.bsize;
  } catch {
    // not a file system we can ask (":memory:"); the cap alone, if any
  }
  try {
    const pragma = (name: string) => db.$client.pragma(name, { simple: true }) as number;
    const pageSize = pragma("page_size");
    const left = (pragma("max_page_count") - pragma("page_count") + pragma("freelist_count")) * pageSize;
    free = Math.min(free, left);
  } catch {
    // the connection is gone; the file system's answer stands
  }
  return Number.isFinite(free) ? free : null;
}

/**
 * Queues the notice as an e-mail to every admin who takes e-mail and a message to each admin chat
 * webhook (ADMIN_CHAT_WEBHOOKS; README: Faults), in one transaction, for the dispatcher to deliver
 * with its retries and address guard. Returns false when it could not be written (the storage is
 * still failing), so the caller keeps it for later; true when written, or when there is no one to tell.
 */
export async function queueStorageNotice(
  db: Db,
  notice: StorageNotice,
  now = new Date(),
  chatWebhooks: readonly string[] = [],
): Promise<boolean> {
  const settings = notifySettingsFrom();
  if (!settings.emailOn && !chatWebhooks.length) return true;
  const row = (target: Record<string, unknown>, kind: string, payload: unknown) => ({
    projectId: null,
    kind,
    messageId: `msg_${randomUUID()}`,
    target,
    payload: JSON.stringify(payload),
    nextAttemptAt: now,
    retryUntil: new Date(now.getTime() + outboundRetryWindowMs),
    createdAt: now,
  });
  try {
    await writeTransaction(db, async (tx) => {
      if (settings.emailOn) {
        const email = renderStorageNotice(notice, settings.baseUrl);
        for (const person of await emailRecipients(tx, ["admin"]))
          await tx.insert(outbox).values(row({ email: { to: person.email, name: person.name } }, emailKind, email));
      }
      const chat = renderStorageChat(notice, settings.baseUrl);
      for (const url of chatWebhooks) await tx.insert(outbox).values(row({ chat: { url } }, chatKind, chat));
    });
    return true;
  } catch (error) {
    if (!classifyStorageError(error)) console.error("[storage]", error);
    return false;
  }
}
