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
};

const mb = (bytes: number) => Math.floor(bytes / (1024 * 1024));
/** A notice of the same kind is not sent again within this long: a fault that comes and goes is one notice. */
const noticeQuietMs = 60 * 60 * 1000;

/**
 * Tells operators about storage (README: Faults): one log line per change of the database's
 * fault (db/faults.ts), never one per refused request; an e-mail to admins through the outbox,
 * written once space or the database is back if it could not be written when the fault began;
 * a warning when free space under the database falls below STORAGE_WARN_MB. While a fault
 * stands it probes with a write every few seconds, so writes resume, and /api/ready says so,
 * without a restart and without waiting for a client to try.
 */
export function startStorageWatch(db: Db, options: StorageWatchOptions) {
  const log = options.log ?? ((line: string) => console.log(line));
  const event = (level: "info" | "warn" | "error", name: string, fields: Record<string, unknown>) =>
    log(JSON.stringify({ level, event: name, database: options.databasePath, ...fields }));
  let pending: StorageNotice | null = null;
  const lastNoticeAt = new Map<string, number>();

  const tell = (notice: StorageNotice, key: string) => {
    const now = Date.now();
    if (now - (lastNoticeAt.get(key) ?? -Infinity) < noticeQuietMs) return;
    lastNoticeAt.set(key, now);
    if (!queueStorageNotice(db, notice)) pending = notice;
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
      began = { fault: t.to, since: t.at, error: t.error ?? "" };
      checkSpace();
      tell({ kind: "fault", ...began, over: null, database: options.databasePath }, `fault:${t.to}`);
    } else {
      event("info", "storage.recovered", {
        fault: t.from,
        since: began?.since.toISOString() ?? null,
        at: t.at.toISOString(),
      });
      // The notice that could not be written when the fault began goes now, saying it is over.
      if (pending) {
        const late = pending.kind === "fault" ? { ...pending, over: t.at } : pending;
        pending = queueStorageNotice(db, late) ? null : late;
      }
      began = null;
      checkSpace();
    }
  };
  const stopListening = db.$health.onTransition(onTransition);

  let low = false;
  const checkSpace = () => {
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
      tell({ kind: "low-space", freeMb: mb(free), thresholdMb: options.warnMb, database: options.databasePath }, "low");
  };

  const probe = setInterval(() => {
    // probeDue also spaces out the probes /api/ready makes, to one a second in all.
    if (db.$health.probeDue(1_000)) probeStorage(db);
    else if (pending && !db.$health.fault && queueStorageNotice(db, pending)) pending = null;
  }, options.probeEveryMs ?? 5_000);
  const space = setInterval(checkSpace, options.spaceEveryMs ?? 30_000);
  probe.unref();
  space.unref();
  checkSpace();
  return {
    stop: () => {
      clearInterval(probe);
      clearInterval(space);
      stopListening();
    },
  };
}
