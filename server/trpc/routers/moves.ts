import { abandonRelease, abandonReleaseInput } from "../../services/abandon-release";
import { cancelScheduledPromotion, cancelScheduledPromotionInput } from "../../services/cancel-scheduled-promotion";
import { releaseHold, releaseHoldInput } from "../../services/release-hold";
import { schedulePromotion, schedulePromotionInput } from "../../services/schedule-promotion";
import { lockEnvironment, lockEnvironmentInput } from "../../services/lock-environment";
import { moveRelease, moveReleaseInput } from "../../services/move-release";
import { setTaskDone, setTaskDoneInput } from "../../services/set-task-done";
import { signOff, signOffInput } from "../../services/sign-off";
import { unlockEnvironment, unlockEnvironmentInput } from "../../services/unlock-environment";
import { retryDeployment, retryDeploymentInput } from "../../services/retry-deployment";
import { procedureFor, router } from "../init";

/** Thin wrappers: validate, call the verb, let the middleware map its errors. */
export const movesRouter = router({
  move: procedureFor("release.move")
    .input(moveReleaseInput)
    .mutation(async ({ ctx, input }) => {
      const { transition, release, autoPromoted } = await moveRelease({ ctx: ctx.service, input });
      return { transition, release: { version: release.version, state: release.state }, autoPromoted };
    }),
  abandon: procedureFor("release.abandon")
    .input(abandonReleaseInput)
    .mutation(async ({ ctx, input }) => (await abandonRelease({ ctx: ctx.service, input })).transition),
  setTaskDone: procedureFor("task.tick")
    .input(setTaskDoneInput)
    .mutation(({ ctx, input }) => setTaskDone({ ctx: ctx.service, input })),
  lock: procedureFor("environment.lock")
    .input(lockEnvironmentInput)
    .mutation(({ ctx, input }) => lockEnvironment({ ctx: ctx.service, input })),
  unlock: procedureFor("environment.lock")
    .input(unlockEnvironmentInput)
    .mutation(({ ctx, input }) => unlockEnvironment({ ctx: ctx.service, input })),
  releaseHold: procedureFor("release.move")
    .input(releaseHoldInput)
    .mutation(({ ctx, input }) => releaseHold({ ctx: ctx.service, input })),
  schedule: procedureFor("release.move")
    .input(schedulePromotionInput)
    .mutation(async ({ ctx, input }) => {
      const schedule = await schedulePromotion({ ctx: ctx.service, input });
      return { at: schedule.runAt, state: schedule.state };
    }),
  cancelSchedule: procedureFor("release.move")
    .input(cancelScheduledPromotionInput)
    .mutation(async ({ ctx, input }) => ({
      cancelled: (await cancelScheduledPromotion({ ctx: ctx.service, input })).runAt,
    })),
  retryDeploy: procedureFor("release.move")
    .input(retryDeploymentInput)
    .mutation(async ({ ctx, input }) => {
      const deployment = await retryDeployment({ ctx: ctx.service, input });
      return { id: deployment.id, status: deployment.status };
    }),
  signOff: procedureFor("signoff")
    .input(signOffInput)
    .mutation(({ ctx, input }) => signOff({ ctx: ctx.service, input })),
});
