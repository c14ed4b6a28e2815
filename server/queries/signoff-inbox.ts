import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { preparedQuery, readTransaction, type Db } from "../../db/client";
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
        const live = await liveRelease(target.id);
        const { changes } = await changesSince(tx, release, live, maxChanges);
        items.push({
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
        });
      }
    }
    return items;
  });
}

export type SignoffInboxItem = Awaited<ReturnType<typeof getSignoffInbox>>[number];
