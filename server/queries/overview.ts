import { asc, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { projects } from "../../db/schema";
import { getBoard } from "./board";

/**
 * Every project × its environments at a glance: the release in each (the live one for the
 * last environment), since when, and whether something there waits for a sign-off or is
 * blocked.
 */
export function getOverview(db: Db, now = new Date()) {
  const all = db.select({ slug: projects.slug }).from(projects).where(isNull(projects.archivedAt)).orderBy(asc(projects.name)).all();
  return all.map(({ slug }) => {
    const board = getBoard(db, slug, now);
    return {
      project: board.project,
      environments: board.columns.map((column) => {
        // A release still deploying is not there yet: the newest deployed one is shown.
        const newest = column.cards.find((c) => !c.deploy || c.deploy.phase === "deployed") ?? column.cards[0] ?? null;
        const waitingForSignoff = column.cards.filter((c) => c.next?.items.some((i) => i.gate === "signoffs" && !i.met)).length;
        const blocked = column.cards.filter((c) => c.next && !c.next.allMet && c.next.failing.some((g) => g !== "signoffs")).length;
        return {
          slug: column.environment.slug,
          name: column.environment.name,
          release: newest ? { version: newest.version, since: newest.enteredAt } : null,
          others: Math.max(0, column.cards.length - 1),
          waitingForSignoff,
          blocked,
          locked: column.lock !== null,
          frozen: column.freeze !== null,
        };
      }),
    };
  });
}

export type Overview = ReturnType<typeof getOverview>;
