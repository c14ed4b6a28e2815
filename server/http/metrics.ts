import type { Db } from "../../db/client";
import type { Actor } from "../domain/permissions";
import { authorize } from "../services/context";
import { DomainError, unauthenticated } from "../errors";
import type { LiveFeed } from "../live/feed";
import type { BoardSnapshots } from "../queries/board-snapshots";
import { problemResponse } from "./problem";

type Counter = { name: string; type: "counter" | "gauge"; help: string; value: number };

/**
 * The server's counters in Prometheus' text format, for admins (README: Live updates):
 * boards computed against boards served is what a release day costs; the bench reads
 * them (bench/release-day.ts).
 */
export function metricsResponse(
  db: Db,
  actor: Actor | null,
  parts: { live: LiveFeed; boards: BoardSnapshots },
): Response {
  try {
    if (!actor) throw unauthenticated();
    authorize({ db, actor }, "server.metrics");
  } catch (error) {
    if (error instanceof DomainError) return problemResponse(error);
    throw error;
  }
  const counters: Counter[] = [
    {
      name: "releaseboard_board_computations_total",
      type: "counter",
      help: "Boards computed from the database (once per change per project)",
      value: parts.boards.computations,
    },
    {
      name: "releaseboard_board_requests_total",
      type: "counter",
      help: "Boards served, from a snapshot or computed",
      value: parts.boards.served,
    },
    { name: "releaseboard_live_streams", type: "gauge", help: "Live streams open now", value: parts.live.openStreams },
    {
      name: "releaseboard_live_messages_total",
      type: "counter",
      help: "Live updates written to streams (one per viewer per burst)",
      value: parts.live.messagesSent,
    },
  ];
  const body = counters
    .map((c) => `# HELP ${c.name} ${c.help}\n# TYPE ${c.name} ${c.type}\n${c.name} ${c.value}\n`)
    .join("");
  return new Response(body, {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
}
