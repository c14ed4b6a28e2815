import type { Db } from "../../db/client";
import { systemActor } from "../domain/permissions";
import { runScheduledPromotions } from "../services/run-scheduled-promotions";
import { onScheduleChange } from "../engine";
import { runNotificationChecks } from "../services/run-notification-checks";

const maxSleepMs = 30_000;

/**
 * Runs what time makes due: scheduled promotions, soak periods and freeze windows ending.
 * Nothing is kept in memory but the next wake-up: every run derives what is due from the
 * database, so a restart just runs it again. A schedule made in this process wakes it
 * sooner; one made by another process (the CLI) is seen within maxSleepMs.
 */
export async function startScheduler(db: Db, log: (line: string) => void = console.log) {
  let timer: NodeJS.Timeout | undefined;
  let wakeAt = 0;
  let stopped = false;
  const sleepUntil = (at: number) => {
    clearTimeout(timer);
    wakeAt = at;
    timer = setTimeout(() => void tick(), Math.max(0, at - Date.now()));
    timer.unref();
  };
  async function tick() {
    if (stopped) return;
    let sleep = maxSleepMs;
    try {
      const run = await runScheduledPromotions({ ctx: { db, actor: systemActor } });
      for (const p of run.promoted) log(`auto-promoted ${p.version} from ${p.from} to ${p.to}`);
      for (const s of run.scheduled)
        log(`scheduled promotion of ${s.version} to ${s.to}: ${s.outcome}${s.reason ? ` (${s.reason})` : ""}`);
      await runNotificationChecks({ ctx: { db, actor: systemActor } });
      if (run.nextWakeAt) sleep = Math.min(maxSleepMs, Math.max(100, run.nextWakeAt.getTime() - Date.now() + 50));
    } catch (error) {
      // A storage fault is logged once, by the storage watch (README: Faults), not on every pass.
      if (!db.$health.failed(error)) console.error("[scheduler]", error);
    }
    sleepUntil(Date.now() + sleep);
  }
  const unsubscribe = onScheduleChange((at) => {
    const due = Math.max(Date.now(), at.getTime() + 50);
    if (!stopped && due < wakeAt) sleepUntil(due);
  });
  await tick();
  return {
    stop() {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
    },
  };
}
