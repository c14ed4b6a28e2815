import { stringify } from "csv-stringify/sync";
import type { Db } from "../../db/client";
import type { Actor } from "../domain/permissions";
import { authorize } from "../services/context";
import { unauthenticated } from "../errors";
import { getOrganisationInsights, insightsRange } from "../queries/insights";
import { problemResponse } from "./problem";

const header = [
  "project",
  "deployments",
  "deployments_per_week",
  "lead_time_median_s",
  "lead_time_p90_s",
  "change_failure_rate",
  "recovery_time_median_s",
  "frequency_level",
  "lead_time_level",
  "change_failure_level",
  "recovery_level",
];

/** The organisation's insights table as CSV, for the range in the query (README: Insights). */
export async function exportInsightsCsv(db: Db, actor: Actor | null, url: URL): Promise<Response> {
  try {
    if (!actor) throw unauthenticated();
    authorize({ db, actor }, "read");
    const q = url.searchParams;
    const range = insightsRange({ from: q.get("from"), to: q.get("to"), days: q.get("days") }, new Date());
    const rows = (await getOrganisationInsights(db, range)).map(({ project, insights: i }) => [
      project.slug,
      i.deploymentFrequency.total,
      Math.round(i.deploymentFrequency.perDay * 7 * 100) / 100,
      i.leadTime.median ?? "",
      i.leadTime.p90 ?? "",
      i.changeFailureRate.value ?? "",
      i.recoveryTime.median ?? "",
      i.deploymentFrequency.level ?? "",
      i.leadTime.level ?? "",
      i.changeFailureRate.level ?? "",
      i.recoveryTime.level ?? "",
    ]);
    const day = range.to.toISOString().slice(0, 10);
    return new Response(stringify([header, ...rows]), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="releaseboard-insights-${day}.csv"`,
      },
    });
  } catch (error) {
    return problemResponse(error);
  }
}
