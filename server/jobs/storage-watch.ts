import type { Db } from "../../db/client";
import type { FaultTransition, StorageFault } from "../../db/faults";
import type { StorageNotice } from "../domain/storage-notice";
import { freeSpaceBytes, probeStorage, queueStorageNotice } from "../engine";

export type StorageWatchOptions = {
  databasePath: string;
  /** STORAGE_WARN_MB: warn below this many free megabytes; 0 = never. */
  warnMb: number;
  /** One structured line (JSON) per event; console.log in the server. */
  log?: (line: string) => void;
  probeEveryMs?: number;
  spaceEveryMs?: number;
  /** ADMIN_CHAT_WEBHOOKS: incoming-webhook URLs that get each notice besides the admins' e-mail. */
  chatWebhooks?: readonly string[];
};

const mb = (bytes: number) => Math.floor(bytes / (1024 * 1024));
/** A notice of the same kind is not sent again within this long: a fault that comes and goes is one notice. */
const noticeQuietMs = 60 * 60 * 1000;

/**
 * Tells operators about storage (README: Faults): one log line per change of the database's
 * fault (db/faults.ts), never one per refused request; an e-mail to admins and a message to the
 * admin chat webhooks through the outbox, once per incident, written once space or the database is
 * back if it could not be written when the fault began, and a second one when writes succeed again;
 * a warning when free space under the database falls below STORAGE_WARN_MB. While a fault
 * stands it probes with a write every few seconds, so writes resume, and /api/ready says so,
 * without a restart and without waiting for a client to try.
 */
export async function startStorageWatch(db: Db, options: StorageWatchOptions) {
  const log = options.log ?? ((line: string) => console.log(line));
  const event = (level: "info" | "warn" | "error", name: string, fields: Record<string, unknown>) =>
    log(JSON.stringify({ level, event: name, database: options.databasePath, ...fields }));
  // Notices that could not be written yet, in order.
  let pending: StorageNotice[] = [];
  const lastNoticeAt = new Map<string, number>();

  const queue = (notice: StorageNotice) => queueStorageNotice(db, notice, new Date(), options.chatWebhooks);
  /** Whether the fault's notice was told and is written (not waiting): then its end is told too. */
  let faultTold = false;
  const tell = async (notice: StorageNotice, key: string) => {
    const now = Date.now();
    if (now - (lastNoticeAt.get(key) ?? -Infinity) < noticeQuietMs) return;
    lastNoticeAt.set(key, now);
    const written = await queue(notice);
    if (!written) pending.push(notice);
    if (notice.kind === "fault") faultTold = written;
  };
  /** Writes what waits, the fault notices saying when the fault ended; keeps what still cannot be written. */
  const flushPending = async (over: Date | null) => {
    const waiting = pending.map((n) => (n.kind === "fault" && over && !n.over ? { ...n, over } : n));
    pending = [];
    const kept: StorageNotice[] = [];
    for (const notice of waiting) if (!(await queue(notice))) kept.push(notice);
    // Notices that failed meanwhile were pushed while we awaited; they keep their place after these.
    pending = [...kept, ...pending];
  };

  let began: { fault: StorageFault; since: Date; error: string } | null = null;
  const onTransition = (t: FaultTransition) => {
    if (t.to) {
      event("error", "storage.fault", {
        fault: t.to,
        previous: t.from,
        error: t.error,
        detail: t.to === "full" ? "storage is full: writes are refused" : "the database is unavailable",
        at: t.at.toISOString(),
      });
      const fault = { fault: t.to, since: t.at, error: t.error ?? "" };
      began = fault;
      // Not now: the failed write may still be inside a transaction SQLite is about to roll
      // back (a group commit's), and the notice would go with it.
      setImmediate(() => {
        void (async () => {
          await checkSpace();
          await tell({ kind: "fault", ...fault, over: null, database: options.databasePath }, `fault:${fault.fault}`);
        })();
      });
    } else {
      event("info", "storage.recovered", {
        fault: t.from,
        since: began?.since.toISOString() ?? null,
        at: t.at.toISOString(),
      });
      const ended = began;
      began = null;
      // The notices that could not be written when the fault began go now, saying it is over;
      // a fault notice that went out when it began gets its "writes succeed again".
      const toldThen = faultTold;
      faultTold = false;
      setImmediate(() => {
        void (async () => {
          await flushPending(t.at);
          if (toldThen && ended) {
            const over = { kind: "recovered" as const, fault: ended.fault, since: ended.since, over: t.at };
            if (!(await queue({ ...over, database: options.databasePath })))
              pending.push({ ...over, database: options.databasePath });
          }
          await checkSpace();
        })();
      });
    }
  };
  const stopListening = db.$health.onTransition(onTransition);

  let low = false;
  const checkSpace = async () => {
    if (!options.warnMb) return;
    const free = freeSpaceBytes(db, options.databasePath);
    if (free === null) return;
    const nowLow = free < options.warnMb * 1024 * 1024;
    if (nowLow === low) return;
    low = nowLow;
    event(nowLow ? "warn" : "info", nowLow ? "storage.low" : "storage.space-ok", {
      freeMb: mb(free),
      thresholdMb: options.warnMb,
    });
    if (nowLow)
      await tell(
        { kind: "low-space", freeMb: mb(free), thresholdMb: options.warnMb, database: options.databasePath },
        "low",
      );
  };

  const probe = setInterval(() => {
    // probeDue also spaces out the probes /api/ready makes, to one a second in all.
    if (db.$health.probeDue(1_000)) void probeStorage(db);
    else if (pending.length && !db.$health.fault) void flushPending(null);
  }, options.probeEveryMs ?? 5_000);
  const space = setInterval(() => void checkSpace(), options.spaceEveryMs ?? 30_000);
  probe.unref();
  space.unref();
  await checkSpace();
  return {
    stop: () => {
      clearInterval(probe);
      clearInterval(space);
      stopListening();
    },
  };
}
