import { getReleaseDetail } from "../../queries/release-detail";
import { createRelease } from "../../services/create-release";
import { moveRelease } from "../../services/move-release";
import { schedulePromotion } from "../../services/schedule-promotion";
import { authorize } from "../../services/context";
import { forbidden } from "../../errors";
import type { ApiCall } from "../api";
import { bodyInput, ctxOf, requireJson, where, type ApiResult } from "./call";
import { countsOf } from "./results";

/** Releases: create one, read where it is and why, move it (README: Connecting CI). */
export async function createReleaseCall(call: ApiCall): Promise<ApiResult> {
  const result = await createRelease({ ctx: ctxOf(call), input: bodyInput(call, false).input });
  return {
    status: result.created ? 201 : 200,
    body: {
      version: result.release.version,
      commitSha: result.release.commitSha,
      created: result.created,
      state: result.release.state,
      environment: await where(call, result.release.environmentId),
      autoPromoted: result.autoPromoted.map(({ from, to }) => ({ from, to })),
    },
  };
}

export async function readReleaseCall(call: ApiCall): Promise<ApiResult> {
  authorize(ctxOf(call), "read", call.project.id);
  const d = await getReleaseDetail(call.db, call.project.slug, call.version);
  const slugOf = (id: number | null) => d.pipeline.find((e) => e.id === id)?.slug ?? null;
  return {
    status: 200,
    body: {
      version: d.release.version,
      commitSha: d.release.commitSha,
      state: d.release.state,
      environment: slugOf(d.release.environmentId),
      held: d.held ? { by: d.held.by, reason: d.held.reason, at: d.held.at } : null,
      schedule: d.schedule ? { at: d.schedule.at, to: d.schedule.to, by: d.schedule.by } : null,
      scheduleFailure: d.scheduleFailure
        ? {
            at: d.scheduleFailure.at,
            to: d.scheduleFailure.to,
            by: d.scheduleFailure.by,
            reason: d.scheduleFailure.reason,
          }
        : null,
      next: d.next
        ? {
            environment: d.next.environment,
            ready: d.next.allMet,
            gates: d.next.items.map((i) => ({
              gate: i.gate,
              subject: i.subject,
              met: i.met,
              reason: i.reason,
              clearedBy: i.clearedBy,
              clearsAt: i.clearsAt,
            })),
          }
        : null,
      checks: d.latestResults.map((r) => ({
        environment: slugOf(r.environmentId),
        check: r.checkName,
        status: r.status,
        summary: r.summary,
        url: r.url,
        ...countsOf(r),
        at: r.createdAt,
      })),
      signoffs: d.signoffs.map((s) => ({
        environment: slugOf(s.environmentId),
        by: s.actorName,
        decision: s.decision,
        comment: s.comment,
        at: s.createdAt,
      })),
      deployments: d.deployments.map((x) => ({
        environment: x.environmentSlug,
        status: x.status,
        url: x.url,
        description: x.description,
        requestedAt: x.requestedAt,
        at: x.statusAt,
      })),
    },
  };
}

export async function promoteCall(call: ApiCall): Promise<ApiResult> {
  requireJson(call);
  if (call.actor.type === "token" && call.actor.scope !== "promote")
    throw forbidden("This token has the report scope; moving releases needs a token with --scope promote");
  const { body, input } = bodyInput(call, true);
  if (body.at !== undefined) {
    // "at": a promotion for later, tried then with its gates, as this token.
    const schedule = await schedulePromotion({ ctx: ctxOf(call), input });
    return {
      status: 202,
      body: {
        schedule: {
          at: schedule.runAt,
          to: body.to,
          from: await where(call, schedule.fromEnvironmentId),
          by: schedule.actorName,
          state: schedule.state,
        },
      },
    };
  }
  const moved = await moveRelease({ ctx: ctxOf(call), input });
  return {
    status: 200,
    body: {
      transition: {
        kind: moved.transition.kind,
        from:
          moved.transition.fromEnvironmentId === null ? null : await where(call, moved.transition.fromEnvironmentId),
        to: moved.transition.toEnvironmentId === null ? null : await where(call, moved.transition.toEnvironmentId),
        reason: moved.transition.reason,
        overriddenGates: moved.transition.overriddenGates,
        at: moved.transition.createdAt,
      },
      release: {
        version: moved.release.version,
        environment: await where(call, moved.release.environmentId),
        state: moved.release.state,
      },
      autoPromoted: moved.autoPromoted.map(({ from, to }) => ({ from, to })),
    },
  };
}
