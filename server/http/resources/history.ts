import type { ApiCall } from "../api";
import { authorize } from "../../services/context";
import { invalid } from "../../errors";
import { getBoardAt } from "../../queries/history";
import { getProjectInsights, insightsJson, insightsRange } from "../../queries/insights";
import { ctxOf, type ApiResult } from "./call";

/** The board now, or as it stood at `?at=` (README: History): what runs where, for scripts too. */
export async function readBoardCall(call: ApiCall): Promise<ApiResult> {
  authorize(ctxOf(call), "read", call.project.id);
  const atParam = call.query.get("at");
  const at = atParam === null ? new Date() : new Date(atParam);
  if (atParam !== null && (!/^\d{4}-\d{2}-\d{2}/.test(atParam) || Number.isNaN(at.getTime())))
    throw invalid("`at` must be an ISO 8601 time, e.g. 2026-12-02T14:00:00Z");
  const board = await getBoardAt(call.db, call.project.slug, at);
  return {
    status: 200,
    body: {
      at: board.at.toISOString(),
      environments: board.environments.map((e) => ({
        slug: e.slug,
        name: e.name,
        locked: e.locked,
        frozen: e.frozen,
        releases: e.releases.map((r) => ({
          version: r.version,
          status: r.status,
          since: r.since.toISOString(),
          held: r.held,
          deploy: r.deploy,
          checks: r.checks,
        })),
      })),
    },
  };
}

/** DORA's keys and where releases wait, over `?from=&to=` or `?days=` (README: Insights). */
export async function readInsightsCall(call: ApiCall): Promise<ApiResult> {
  authorize(ctxOf(call), "read", call.project.id);
  const range = insightsRange(
    { from: call.query.get("from"), to: call.query.get("to"), days: call.query.get("days") },
    new Date(),
  );
  const { project, insights } = await getProjectInsights(call.db, call.project.slug, range);
  return { status: 200, body: { project: project.slug, ...insightsJson(insights) } };
}
