import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { checkResults, releases } from "../../db/schema";

/**
 * For each active release of a project, the CI run behind the latest result of each check in
 * the environment it is in (the results its next gates read), by check name: what a card's
 * check chip links to. Checks whose latest result carried no `url` are left out.
 */
export function latestCheckLinks(tx: Tx, projectId: number): Map<number, Record<string, string>> {
  const latest = tx
    .select({ id: sql<number>`max(${checkResults.id})` })
    .from(checkResults)
    .innerJoin(
      releases,
      and(eq(releases.id, checkResults.releaseId), eq(releases.environmentId, checkResults.environmentId)),
    )
    .where(and(eq(releases.projectId, projectId), eq(releases.state, "active")))
    .groupBy(checkResults.releaseId, checkResults.checkName);
  const rows = tx
    .select({ releaseId: checkResults.releaseId, checkName: checkResults.checkName, url: checkResults.url })
    .from(checkResults)
    .where(and(inArray(checkResults.id, latest), isNotNull(checkResults.url)))
    .all();
  const links = new Map<number, Record<string, string>>();
  for (const row of rows) {
    const mine = links.get(row.releaseId) ?? {};
    mine[row.checkName] = row.url!;
    links.set(row.releaseId, mine);
  }
  return links;
}
