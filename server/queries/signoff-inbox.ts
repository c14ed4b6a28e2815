import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { preparedQuery, readTransaction, type Db, type Tx } from "../../db/client";
import { environments, projects, releases, users } from "../../db/schema";
import { evaluateGates, signoffTally } from "../domain/gates";
import { nextEnvironment } from "../domain/policy";
import {
  gateFactsFor,
  loadProjectFacts,
  loadReleaseFacts,
  loadPipeline,
  changesSince,
  liveReleaseIn,
  teamsOf,
} from "../engine";
import { approvalRefusal, needsSignoff, signoffsNeeded } from "../domain/approvals";
import { renderNotes } from "../render/markdown";

const maxChanges = 200;

/**
 * The releases waiting for this person's go-live decision: active releases whose next
 * environment needs sign-offs and on which they have not decided yet, each with what they
 * need to decide: the gate checklist, notes, and every change between what is live in
 * that environment now and this release.
 */
// Prepared once per connection: an organisation's inbox runs it for hundreds of projects.
const activeReleasesQuery = preparedQuery((db) =>
  db
    .select()
    .from(releases)
    .where(and(eq(releases.projectId, sql.placeholder("projectId")), eq(releases.state, "active")))
    .orderBy(asc(releases.createdAt))
    .prepare(),
);

export async function getSignoffInbox(db: Db, userId: string, now = new Date()) {
  return readTransaction(db, async (tx) => {
    const waiting = await waitingFor(tx, userId, now);
    const items = [];
    for (const each of waiting) items.push(await each.detail());
    return items;
  });
}

/** The most a page of the inbox holds; the first page holds inboxPageSize. */
export const inboxPageSize = 50;
export const maxInboxPage = 100;

/**
 * One page of the inbox (README: Sign-offs): every waiting release is found and counted, but only
 * the page's items are read in full (their changes since what is live, their notes rendered), so a
 * person with 300 waiting gets the first 50 in the time of 50. `cursor` is where the page starts
 * (the previous page's `nextCursor`); `first` (project/version, from a notification's link) is put
 * at the top when it is waiting.
 */
export async function getSignoffInboxPage(
  db: Db,
  userId: string,
  page: { cursor?: number | null; limit?: number; first?: { project: string; version: string } | null },
  now = new Date(),
) {
  return readTransaction(db, async (tx) => {
    const waiting = await waitingFor(tx, userId, now);
    const { first: wanted } = page;
    const at = wanted ? waiting.findIndex((w) => w.project === wanted.project && w.version === wanted.version) : -1;
    if (at > 0) waiting.unshift(...waiting.splice(at, 1));
    const start = Math.max(0, page.cursor ?? 0);
    const end = Math.min(waiting.length, start + Math.min(maxInboxPage, Math.max(1, page.limit ?? inboxPageSize)));
    const items = [];
    for (const each of waiting.slice(start, end)) items.push(await each.detail());
    return { items, total: waiting.length, nextCursor: end < waiting.length ? end : null };
  });
}

/** Every release waiting for this person's decision, in the inbox's order, each with how to read it in full. */
async function waitingFor(tx: Tx, userId: string, now: Date) {
  const items = [];
  // Sign-offs are shown with the signer's email beside the name (names are free text).
  const emailOf = new Map(
    (await tx.select({ id: users.id, email: users.email }).from(users)).map((u) => [u.id, u.email]),
  );
  const withSignoffs = await tx
    .selectDistinct({ projectId: environments.projectId })
    .from(environments)
    .innerJoin(projects, eq(projects.id, environments.projectId))
    .where(
      and(
        or(gt(environments.requiredSignoffs, 0), ne(environments.approvals, sql`'[]'`)),
        isNull(environments.removedAt),
        isNull(projects.archivedAt),
      ),
    );
  const projectOf = new Map(
    (
      await tx
        .select()
        .from(projects)
        .where(
          inArray(
            projects.id,
            withSignoffs.map((p) => p.projectId),
          ),
        )
    ).map((p) => [p.id, p]),
  );
  const activeQuery = activeReleasesQuery(tx);
  const myTeams = await teamsOf(tx, userId);
  for (const { projectId } of withSignoffs) {
    const project = projectOf.get(projectId)!;
    const pipeline = await loadPipeline(tx, projectId);
    const active = (await activeQuery.execute({ projectId })).filter((r) => {
      const next = nextEnvironment(pipeline, r.environmentId);
      return next !== null && needsSignoff(next);
    });
    if (active.length === 0) continue;
    const projectFacts = await loadProjectFacts(tx, pipeline);
    const facts = await loadReleaseFacts(tx, active);
    const liveIn = new Map<number, Awaited<ReturnType<typeof liveReleaseIn>>>();
    const liveRelease = async (environmentId: number) => {
      if (!liveIn.has(environmentId)) liveIn.set(environmentId, await liveReleaseIn(tx, environmentId));
      return liveIn.get(environmentId);
    };
    for (const release of active) {
      const target = nextEnvironment(pipeline, release.environmentId)!;
      const perRelease = facts.get(release.id);
      const tally = signoffTally(perRelease?.signoffs ?? [], target.id);
      const decided = [...tally.approvals, ...tally.rejections].some((s) => s.actorId === userId);
      if (decided) continue;
      // Only what this person may approve (a team rule, separation of duties).
      const refusal = approvalRefusal(
        target,
        { id: userId, teams: myTeams },
        { teams: projectFacts.teams, duties: perRelease?.duties ?? [], pipeline },
      );
      if (refusal) continue;
      const evaluation = evaluateGates(gateFactsFor(projectFacts, release, perRelease, now), target.id)!;
      // Older than what is there: going there is a rollback, not a go-live to approve.
      if (evaluation.failing.includes("newer-live")) continue;
      const detail = async () => {
        const live = await liveRelease(target.id);
        const { changes } = await changesSince(tx, release, live, maxChanges);
        return {
          project: { slug: project.slug, name: project.name },
          release: {
            version: release.version,
            commitSha: release.commitSha,
            notes: release.notes,
            notesHtml: renderNotes(release.notes),
            url: release.url,
            enteredAt: release.enteredAt,
          },
          environment: {
            slug: target.slug,
            name: target.name,
            requiredSignoffs: signoffsNeeded(target),
            last: target.id === pipeline.at(-1)?.id,
          },
          approvals: tally.approvals.map((s) =>
            emailOf.has(s.actorId) ? `${s.actorName} <${emailOf.get(s.actorId)}>` : s.actorName,
          ),
          gates: evaluation.items,
          live: live ? { version: live.version } : null,
          // Notes often list the changes already: those are shown once, in the notes.
          changes: changes.map((c) => ({ ...c, inNotes: !!release.notes && release.notes.includes(c.title) })),
        };
      };
      items.push({ project: project.slug, version: release.version, detail });
    }
  }
  return items;
}

export type SignoffInboxItem = Awaited<ReturnType<typeof getSignoffInbox>>[number];
