import { stringify } from "csv-stringify/sync";
import type { Db } from "../../db/client";
import type { Actor } from "../domain/permissions";
import { authorize, parseInput } from "../services/context";
import { unauthenticated } from "../errors";
import { activityFilterSchema, listActivity } from "../queries/activity";
import { problemResponse } from "./problem";

const columns = ["id", "time", "project", "environment", "release", "kind", "actor_type", "actor", "summary"];
const batch = 1000;

/**
 * The activity log as CSV with the page's filters (query string). Streamed a page at a
 * time through the same cursor query, so a 100,000-row export never sits in memory.
 * Cells that a spreadsheet would run as formulas are escaped (a reason is free text).
 */
export function exportActivityCsv(db: Db, actor: Actor | null, url: URL): Response {
  try {
    if (!actor) throw unauthenticated();
    authorize({ db, actor }, "read");
    const filter = parseInput(
      activityFilterSchema,
      Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")),
    );
    let cursor: number | null | undefined;
    let first = true;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const page = await listActivity(db, filter, { cursor, limit: batch });
        const rows = page.items.map((e) => [
          e.id,
          e.createdAt.toISOString(),
          e.project?.slug ?? "",
          e.environment ?? "",
          e.release ?? "",
          e.kind,
          e.actorType,
          e.actorName,
          e.summary,
        ]);
        controller.enqueue(encoder.encode(stringify(rows, { header: first, columns, escape_formulas: true })));
        first = false;
        cursor = page.nextCursor;
        if (cursor === null) controller.close();
      },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    const name = `releaseboard-activity${filter.project ? `-${filter.project}` : ""}-${stamp}.csv`;
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return problemResponse(error);
  }
}
