import type { Db } from "../db/client";
import { systemActor } from "./domain/permissions";
import { runScheduledPromotions } from "./services/runScheduledPromotions";
import { runNotificationChecks } from "./services/runNotificationChecks";

const maxSleepMs = 30_000;

/**
 * Lets timed gates clear by themselves: soak periods and freeze windows ending. Nothing
 * is kept in memory but the next wake-up: every run derives what is due from the
 * database, so a restart just runs it again.
 */
export function startScheduler(db: Db, log: (line: string) => void = console.log) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    let sleep = maxSleepMs;
    try {
      const run = runScheduledPromotions({ ctx: { db, actor: systemActor } });
      for (const p of run.promoted) log(`auto-promoted ${p.version} from ${p.from} to ${p.to}`);
      runNotificationChecks({ ctx: { db, actor: systemActor } });
      if (run.nextWakeAt) sleep = Math.min(maxSleepMs, Math.max(100, run.nextWakeAt.getTime() - Date.now() + 50));
    } catch (error) {
      console.error("[scheduler]", error);
    }
    timer = setTimeout(tick, sleep);
    timer.unref();
  };
  tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
