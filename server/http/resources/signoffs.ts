import type { ApiCall } from "../api";
import { signOff } from "../../services/sign-off";
import { forbidden } from "../../errors";
import { bodyInput, ctxOf, where, type ApiResult } from "./call";

/** A person's go-live decision through the API, with a personal access token (README: Personal access tokens). */
export async function signoffCall(call: ApiCall): Promise<ApiResult> {
  if (call.actor.type !== "user")
    throw forbidden("A sign-off is a person's decision: send a personal access token (rbp_…), not a project token");
  const result = await signOff({ ctx: ctxOf(call), input: bodyInput(call, true).input });
  return {
    status: 201,
    body: {
      version: call.version,
      environment: await where(call, result.signoff.environmentId),
      decision: result.signoff.decision,
      by: result.signoff.actorName,
      autoPromoted: result.autoPromoted.map(({ from, to }) => ({ from, to })),
    },
  };
}
