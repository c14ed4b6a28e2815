import type { Db } from "../../db/client";
import type { SentAgain } from "./api";
import { getRelease, postDeployment, postGitHub, postGitLab, postPromote, postRelease, postResult } from "./endpoints";
import { problem, problemResponse } from "./problem";

/** `as` is set when a person sends a stored delivery again: they stand in for the request's credentials. */
type Handler = (db: Db, request: Request, params: string[], as?: SentAgain) => Promise<Response>;

/** The public API (SPEC §4): one table, served by the Next route handler and by the server's fast path alike. */
const routes: { method: "GET" | "POST"; pattern: RegExp; handle: Handler }[] = [
  { method: "POST", pattern: /^\/api\/v1\/projects\/([^/]+)\/releases$/, handle: (db, r, [p], as) => postRelease(db, r, p!, as) },
  { method: "GET", pattern: /^\/api\/v1\/projects\/([^/]+)\/releases\/([^/]+)$/, handle: (db, r, [p, v]) => getRelease(db, r, p!, v!) },
  { method: "POST", pattern: /^\/api\/v1\/projects\/([^/]+)\/releases\/([^/]+)\/results$/, handle: (db, r, [p, v], as) => postResult(db, r, p!, v!, as) },
  { method: "POST", pattern: /^\/api\/v1\/projects\/([^/]+)\/releases\/([^/]+)\/deployments$/, handle: (db, r, [p, v], as) => postDeployment(db, r, p!, v!, as) },
  { method: "POST", pattern: /^\/api\/v1\/projects\/([^/]+)\/releases\/([^/]+)\/promote$/, handle: (db, r, [p, v]) => postPromote(db, r, p!, v!) },
  { method: "POST", pattern: /^\/api\/v1\/projects\/([^/]+)\/webhooks\/github$/, handle: (db, r, [p], as) => postGitHub(db, r, p!, as) },
  { method: "POST", pattern: /^\/api\/v1\/projects\/([^/]+)\/webhooks\/gitlab$/, handle: (db, r, [p], as) => postGitLab(db, r, p!, as) },
];

/** Answers a request to /api/v1/…: the endpoint's response, 405 for a known path with another method, 404 otherwise. */
export function routeApi(db: Db, request: Request, as?: SentAgain): Promise<Response> {
  const { pathname } = new URL(request.url);
  const matches = routes
    .map((route) => ({ route, match: route.pattern.exec(pathname) }))
    .filter((m): m is { route: (typeof routes)[number]; match: RegExpExecArray } => m.match !== null);
  const found = matches.find((m) => m.route.method === request.method);
  if (found) {
    let params: string[];
    try {
      params = found.match.slice(1).map(decodeURIComponent);
    } catch {
      return Promise.resolve(problemResponse(problem(400, "The path has a malformed %-escape")));
    }
    return found.route.handle(db, request, params, as);
  }
  if (matches.length) {
    const allow = matches.map((m) => m.route.method).join(", ");
    return Promise.resolve(problemResponse(problem(405, `${pathname} takes ${allow}`), { allow }));
  }
  return Promise.resolve(problemResponse(problem(404, `No API endpoint at ${pathname}`)));
}
