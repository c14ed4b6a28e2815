import { reportDeployment } from "../../services/report-deployment";
import type { ApiCall } from "../api";
import { bodyInput, ctxOf, where, type ApiResult } from "./call";

/** Deployment reports from a deploy system (README: Deployments). */
export async function deploymentResponse(
  call: ApiCall,
  reported: Awaited<ReturnType<typeof reportDeployment>>,
  event?: string,
): Promise<ApiResult> {
  const d = reported.deployment;
  return {
    status: 200,
    event,
    body: {
      deployment: {
        environment: await where(call, d.environmentId),
        status: d.status,
        url: d.url,
        description: d.description,
        requestedAt: d.requestedAt,
        at: d.statusAt,
      },
      release: { version: reported.release.version, environment: reported.environment, state: reported.release.state },
      autoPromoted: reported.autoPromoted.map(({ from, to }) => ({ from, to })),
    },
  };
}

export async function reportDeploymentCall(call: ApiCall): Promise<ApiResult> {
  return deploymentResponse(call, await reportDeployment({ ctx: ctxOf(call), input: bodyInput(call, true).input }));
}
