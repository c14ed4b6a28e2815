import { and, eq, isNotNull } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { checkResults, latestCheckResults, releases } from "../../db/schema";

/**
 * For each active release of a project, the CI run behind the latest result of each check in
 * the environment it is in (the results its next gates read), by check name: what a card's
 * check chip links to. Checks whose latest result carried no `url` are left out.
 */
export async function latestCheckLinks(tx: Tx, projectId: number): Promise<Map<number, Record<string, string>>> {
  const rows = await tx
    .select({ releaseId: checkResults.releaseId, checkName: checkResults.checkName, url: checkResults.url })
    .from(releases)
    .innerJoin(
      latestCheckResults,
      and(eq(latestCheckResults.releaseId, releases.id), eq(latestCheckResults.environmentId, releases.environmentId)),
    )
    .innerJoin(checkResults, eq(checkResults.id, latestCheckResults.resultId))
    .where(and(eq(releases.projectId, projectId), eq(releases.state, "active"), isNotNull(checkResults.url)));
  const links = new Map<number, Record<string, string>>();
  for (const row of rows) {
    const mine = links.get(row.releaseId) ?? {};
    mine[row.checkName] = row.url!;
    links.set(row.releaseId, mine);
  }
  return links;
}
