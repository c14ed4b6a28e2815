import type Database from "better-sqlite3";
import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { readTransaction, type Db, type Tx } from "../../db/client";
import { jsonList, jsonListValues } from "../../db/dialect";
import { environments, projects, releases, users, type Environment, type Release } from "../../db/schema";
import { evaluateGates, signoffTally } from "../domain/gates";
import { nextEnvironment } from "../domain/policy";
import {
  gateFactsFor,
  loadActiveReleaseFacts,
  loadProjectsFacts,
  loadTeamFacts,
  projectFactsOf,
  changesSince,
  liveReleaseIn,
  teamsOf,
  type ProjectsFacts,
  type ReleaseFacts,
  projectLastEventId,
} from "../engine";
import { approvalRefusal, needsSignoff, signoffsNeeded, teamsNamed } from "../domain/approvals";
import { renderNotes } from "../render/markdown";

const maxChanges = 200;

/**
 * The releases waiting for this person's go-live decision: active releases whose next
 * environment needs sign-offs and on which they have not decided yet, each with what they
 * need to decide: the gate checklist, notes, and every change between what is live in
 * that environment now and this release.
 */
export async function getSignoffInbox(db: Db, userId: string, now = new Date()) {
  return (await readInbox(db, userId, {}, now, Number.MAX_SAFE_INTEGER)).items;
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
  return readInbox(db, userId, { ...page, limit: page.limit ?? inboxPageSize }, now, maxInboxPage);
}

async function readInbox(
  db: Db,
  userId: string,
  page: { cursor?: number | null; limit?: number; first?: { project: string; version: string } | null },
  now: Date,
  most: number,
) {
  let memo = memos.get(db.$client);
  if (!memo) memos.set(db.$client, (memo = new Map()));
  const known = memo;
  return readTransaction(db, async (tx) => {
    const waiting = await waitingFor(tx, known, userId, now);
    const { first: wanted } = page;
    const at = wanted ? waiting.findIndex((w) => w.project === wanted.project && w.version === wanted.version) : -1;
    if (at > 0) waiting.unshift(...waiting.splice(at, 1));
    const start = Math.max(0, page.cursor ?? 0);
    const end = Math.min(waiting.length, start + Math.min(most, Math.max(1, page.limit ?? most)));
    const onPage = waiting.slice(start, end);
    // Sign-offs are shown with the signer's email beside the name (names are free text).
    const signers = [...new Set(onPage.flatMap((w) => w.approvals.map((s) => s.actorId)))];
    const emailOf = new Map(
      signers.length
        ? (await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, signers))).map(
            (u) => [u.id, u.email],
          )
        : [],
    );
    const items = [];
    for (const each of onPage) items.push(await each.detail(emailOf));
    return { items, total: waiting.length, nextCursor: end < waiting.length ? end : null };
  });
}

/** A release of a project whose next environment needs sign-offs, with the facts its gates read. */
type Candidate = { release: Release; target: Environment; facts: ReleaseFacts | undefined };

/** What an item shows beyond its gates and sign-offs; the same for everyone while the project does not change. */
type Reading = {
  live: Release | undefined;
  changes: (Awaited<ReturnType<typeof changesSince>>["changes"][number] & { inNotes: boolean })[];
  notesHtml: string | null;
};

/**
 * A project's candidates as read while its newest activity entry was `lastEventId`. The same for
 * every person: who may approve, who decided already and the gates (at the moment asked) are
 * judged on each request from these facts, and the teams are read afresh each time.
 */
type ProjectInbox = {
  lastEventId: number;
  project: { id: number; slug: string; name: string };
  shared: ProjectsFacts;
  current: Release[];
  candidates: Candidate[];
  /** Each item's reading, kept once a page showed it. */
  readings: Map<number, Reading>;
  live: Map<number, Release | undefined>;
};

/**
 * Every change to a project writes an activity entry in the same transaction (README: Activity), so a
 * project's candidates are reused while its newest entry, read in the transaction that serves the
 * inbox, is the one they were read at: a change on any instance shows at once. Nothing here depends on
 * the time: gates are judged afresh on every request. Bounded by the projects with sign-offs.
 */
const memos = new WeakMap<Database.Database, Map<number, ProjectInbox>>();

/** Every release waiting for this person's decision, in the inbox's order, each with how to read it in full. */
async function waitingFor(tx: Tx, known: Map<number, ProjectInbox>, userId: string, now: Date) {
  const withSignoffs = await tx
    .select({ id: projects.id, slug: projects.slug, name: projects.name, lastEventId: projectLastEventId() })
    .from(projects)
    .where(
      and(
        isNull(projects.archivedAt),
        inArray(
          projects.id,
          tx
            .select({ projectId: environments.projectId })
            .from(environments)
            .where(
              and(
                or(gt(environments.requiredSignoffs, 0), ne(environments.approvals, sql`'[]'`)),
                isNull(environments.removedAt),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(projects.id));
  // Taken before any await: what a concurrent request keeps meanwhile is for its own transaction.
  const kept = withSignoffs.map((p) => {
    const entry = known.get(p.id);
    return entry?.lastEventId === (p.lastEventId ?? 0) ? entry : null;
  });
  const stale = withSignoffs.filter((_, i) => !kept[i]);
  const fresh = new Map<number, ProjectInbox>();
  if (stale.length) {
    for (const entry of await readProjects(tx, stale)) {
      fresh.set(entry.project.id, entry);
      known.set(entry.project.id, entry);
    }
  }
  const inScope = withSignoffs.map((p, i) => kept[i] ?? fresh.get(p.id)!);
  // Teams change without a project's activity moving: read on every request.
  const teams = await loadTeamFacts(tx, teamsNamed(inScope.flatMap((p) => p.shared.pipelines.get(p.project.id) ?? [])));
  const myTeams = await teamsOf(tx, userId);

  const items = [];
  for (const entry of inScope) {
    const { project, candidates } = entry;
    if (candidates.length === 0) continue;
    const projectFacts = projectFactsOf(entry.shared, project.id, entry.current, teams);
    const { pipeline } = projectFacts;
    for (const { release, target, facts: perRelease } of candidates) {
      const tally = signoffTally(perRelease?.signoffs ?? [], target.id);
      const decided = [...tally.approvals, ...tally.rejections].some((s) => s.actorId === userId);
      if (decided) continue;
      // Only what this person may approve (a team rule, separation of duties).
      const refusal = approvalRefusal(
        target,
        { id: userId, teams: myTeams },
        { teams, duties: perRelease?.duties ?? [], pipeline },
      );
      if (refusal) continue;
      const evaluation = evaluateGates(gateFactsFor(projectFacts, release, perRelease, now), target.id)!;
      // Older than what is there: going there is a rollback, not a go-live to approve.
      if (evaluation.failing.includes("newer-live")) continue;
      const detail = async (emailOf: Map<string, string>) => {
        const { live, changes, notesHtml } = await readingOf(tx, entry, release, target);
        return {
          project: { slug: project.slug, name: project.name },
          release: {
            version: release.version,
            commitSha: release.commitSha,
            notes: release.notes,
            notesHtml,
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
          changes,
        };
      };
      items.push({ project: project.slug, version: release.version, approvals: tally.approvals, detail });
    }
  }
  return items;
}

/** The stale projects' candidates and facts, all together in a fixed number of queries. */
async function readProjects(
  tx: Tx,
  list: { id: number; slug: string; name: string; lastEventId: number | null }[],
): Promise<ProjectInbox[]> {
  const ids = list.map((p) => p.id);
  const shared = await loadProjectsFacts(tx, ids);
  const active = await tx
    .select()
    .from(releases)
    .where(and(eq(releases.state, "active"), sql`${releases.projectId} in ${jsonListValues(jsonList(ids))}`))
    .orderBy(asc(releases.createdAt), asc(releases.id));
  const activeOf = new Map<number, Release[]>();
  for (const release of active) activeOf.set(release.projectId, [...(activeOf.get(release.projectId) ?? []), release]);
  const candidatesOf = new Map<number, Omit<Candidate, "facts">[]>();
  for (const [projectId, mine] of activeOf) {
    const pipeline = shared.pipelines.get(projectId) ?? [];
    const list: Omit<Candidate, "facts">[] = [];
    for (const release of mine) {
      const target = nextEnvironment(pipeline, release.environmentId);
      if (target && needsSignoff(target)) list.push({ release, target });
    }
    candidatesOf.set(projectId, list);
  }
  const facts = await loadActiveReleaseFacts(
    tx,
    [...candidatesOf.values()].flat().map((c) => c.release),
  );
  return list.map((p) => ({
    lastEventId: p.lastEventId ?? 0,
    project: { id: p.id, slug: p.slug, name: p.name },
    shared,
    current: activeOf.get(p.id) ?? [],
    candidates: (candidatesOf.get(p.id) ?? []).map((c) => ({ ...c, facts: facts.get(c.release.id) })),
    readings: new Map(),
    live: new Map(),
  }));
}

/** What is live in the target now, the changes since it, and the notes rendered: read once per project change. */
async function readingOf(tx: Tx, entry: ProjectInbox, release: Release, target: Environment): Promise<Reading> {
  const kept = entry.readings.get(release.id);
  if (kept) return kept;
  if (!entry.live.has(target.id)) entry.live.set(target.id, await liveReleaseIn(tx, target.id));
  const live = entry.live.get(target.id);
  const { changes } = await changesSince(tx, release, live, maxChanges);
  const reading = {
    live,
    // Notes often list the changes already: those are shown once, in the notes.
    changes: changes.map((c) => ({ ...c, inNotes: !!release.notes && release.notes.includes(c.title) })),
    notesHtml: renderNotes(release.notes),
  };
  entry.readings.set(release.id, reading);
  return reading;
}

export type SignoffInboxItem = Awaited<ReturnType<typeof getSignoffInbox>>[number];
