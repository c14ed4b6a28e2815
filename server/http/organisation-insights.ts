import type { Db } from "../../db/client";
import type { Actor } from "../domain/permissions";
import { forbidden, methodNotAllowed, unauthenticated } from "../errors";
import { getOrganisationInsights, insightsJson, insightsRange } from "../queries/insights";
import { authenticatePersonalToken } from "../services/api-call";
import { authorize } from "../services/context";
import { personalTokenPrefix, tokenPrefix } from "../services/tokens";
import { problemResponse } from "./problem";

/** Who is signed in, from a request's cookies (server/auth/session.ts); the server hands it in. */
export type SessionActor = (headers: Headers) => Promise<Actor | null>;

export const organisationInsightsPath = "/api/v1/insights";

/** A personal access token (`Bearer rbp_…`) or a signed-in session; a project token reads only its own project. */
async function callerOf(db: Db, request: Request, sessionActor: SessionActor | undefined): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const [kind, token] = authorization.split(" ", 2);
    if (kind?.toLowerCase() === "bearer" && token?.startsWith(personalTokenPrefix))
      return (await authenticatePersonalToken(db, token)).actor;
    if (kind?.toLowerCase() === "bearer" && token?.startsWith(tokenPrefix))
      throw forbidden(
        "A project token reads only its own project's insights: GET /api/v1/projects/{project}/insights. The organisation's need a personal access token (rbp_…)",
      );
    throw unauthenticated("Authorization must be `Bearer rbp_…` with a personal access token");
  }
  const actor = sessionActor ? await sessionActor(request.headers) : null;
  if (!actor)
    throw unauthenticated("Authenticate with `Authorization: Bearer rbp_…` (a personal access token) or sign in");
  return actor;
}

/**
 * GET /api/v1/insights?from=&to= (or ?days=): every active project's four keys and flow over the
 * range, one row per project as on the Insights page (README: Insights). The range is bounded
 * (insightsRange: at most 400 days), and so is the work: one row per project, read in one transaction.
 */
export async function serveOrganisationInsights(
  db: Db,
  request: Request,
  sessionActor?: SessionActor,
): Promise<Response> {
  try {
    if (request.method !== "GET") throw methodNotAllowed(`${organisationInsightsPath} takes GET`, "GET");
    const actor = await callerOf(db, request, sessionActor);
    authorize({ db, actor }, "read");
    const q = new URL(request.url).searchParams;
    const range = insightsRange({ from: q.get("from"), to: q.get("to"), days: q.get("days") }, new Date());
    const rows = await getOrganisationInsights(db, range);
    const body = {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      projects: rows.map(({ project, insights }) => {
        const { from: _from, to: _to, ...figures } = insightsJson(insights);
        return { project: project.slug, name: project.name, ...figures };
      }),
    };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    });
  } catch (error) {
    return problemResponse(error);
  }
}
