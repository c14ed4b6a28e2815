import type { Db } from "../../db/client";
import { badRequest, methodNotAllowed, notFound } from "../errors";
import { serveApi, type ApiParams, type Endpoint } from "./api";
import { endpoints, webhookEndpoints } from "./endpoints";
import { problemResponse } from "./problem";
import { organisationInsightsPath, serveOrganisationInsights, type SessionActor } from "./organisation-insights";

type Method = "GET" | "POST";

/** The public API (README: Connecting CI): one table, answered by server/main.ts before Next. */
const routes: { method: Method; pattern: RegExp; endpoint: Endpoint; params: (match: string[]) => ApiParams }[] = [
  {
    method: "POST",
    pattern: /^\/api\/v1\/projects\/([^/]+)\/releases$/,
    endpoint: endpoints["releases.create"],
    params: ([project]) => ({ project: project! }),
  },
  {
    method: "GET",
    pattern: /^\/api\/v1\/projects\/([^/]+)\/board$/,
    endpoint: endpoints["board.get"],
    params: ([project]) => ({ project: project! }),
  },
  {
    method: "GET",
    pattern: /^\/api\/v1\/projects\/([^/]+)\/insights$/,
    endpoint: endpoints["insights.get"],
    params: ([project]) => ({ project: project! }),
  },
  {
    method: "GET",
    pattern: /^\/api\/v1\/projects\/([^/]+)\/releases\/([^/]+)$/,
    endpoint: endpoints["releases.get"],
    params: ([project, version]) => ({ project: project!, version }),
  },
  {
    method: "GET",
    pattern: /^\/api\/v1\/projects\/([^/]+)\/releases\/([^/]+)\/evidence$/,
    endpoint: endpoints["evidence.get"],
    params: ([project, version]) => ({ project: project!, version }),
  },
  {
    method: "POST",
    pattern: /^\/api\/v1\/projects\/([^/]+)\/releases\/([^/]+)\/results$/,
    endpoint: endpoints["results.create"],
    params: ([project, version]) => ({ project: project!, version }),
  },
  {
    method: "POST",
    pattern: /^\/api\/v1\/projects\/([^/]+)\/releases\/([^/]+)\/deployments$/,
    endpoint: endpoints["deployments.create"],
    params: ([project, version]) => ({ project: project!, version }),
  },
  {
    method: "POST",
    pattern: /^\/api\/v1\/projects\/([^/]+)\/releases\/([^/]+)\/signoffs$/,
    endpoint: endpoints["signoffs.create"],
    params: ([project, version]) => ({ project: project!, version }),
  },
  {
    method: "POST",
    pattern: /^\/api\/v1\/projects\/([^/]+)\/releases\/([^/]+)\/promote$/,
    endpoint: endpoints["releases.promote"],
    params: ([project, version]) => ({ project: project!, version }),
  },
  // One route per inbound source of the registry (server/http/webhooks/index.ts).
  ...Object.entries(webhookEndpoints).map(([system, endpoint]) => ({
    method: "POST" as const,
    pattern: new RegExp(`^/api/v1/projects/([^/]+)/webhooks/${system}$`),
    endpoint,
    params: ([project]: string[]) => ({ project: project! }),
  })),
];

/** The endpoint a method and path name, with the path's project and release decoded; NOT_FOUND, METHOD_NOT_ALLOWED or BAD_REQUEST otherwise. */
export function matchRoute(method: string, pathname: string): { endpoint: Endpoint; params: ApiParams } {
  const matches = routes.flatMap((route) => {
    const match = route.pattern.exec(pathname);
    return match ? [{ route, match }] : [];
  });
  const found = matches.find((m) => m.route.method === method);
  if (!found) {
    if (!matches.length) throw notFound(`No API endpoint at ${pathname}`);
    const allow = matches.map((m) => m.route.method).join(", ");
    throw methodNotAllowed(`${pathname} takes ${allow}`, allow);
  }
  let decoded: string[];
  try {
    decoded = found.match.slice(1).map(decodeURIComponent);
  } catch {
    throw badRequest("The path has a malformed %-escape");
  }
  return { endpoint: found.route.endpoint, params: found.route.params(decoded) };
}

/**
 * Answers a request to /api/v1/…: the endpoint's response, 405 for a known path with another method, 404 otherwise.
 * The organisation's insights belong to no project: a personal access token or the signed-in session reads them.
 */
export async function routeApi(db: Db, request: Request, sessionActor?: SessionActor): Promise<Response> {
  let route;
  try {
    const pathname = new URL(request.url).pathname;
    if (pathname === organisationInsightsPath) return await serveOrganisationInsights(db, request, sessionActor);
    route = matchRoute(request.method, pathname);
  } catch (error) {
    return problemResponse(error);
  }
  return serveApi(db, request, route.endpoint, route.params);
}
