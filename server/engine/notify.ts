import { first } from "../../db/client";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, gte, inArray, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import {
  environments,
  notificationPreferences,
  notifications,
  outbox,
  projects,
  releases,
  users,
  type Environment,
  type NotificationEvent,
  type Project,
  type Release,
} from "../../db/schema";
import { defaultDeployTimeoutMinutes, deployState, outboundRetryWindowMs } from "../domain/deploy";
import { evaluateGates, signoffTally, type GateEvaluation } from "../domain/gates";
import {
  addToEmail,
  emailLimits,
  isWaitingForSignoff,
  nextEmailSlot,
  releaseLink,
  renderChat,
  renderEmailPayload,
  signoffLink,
  type EmailPayload,
  type NotificationContent,
} from "../domain/notifications";
import type { Role } from "../domain/permissions";
import { nextEnvironment } from "../domain/policy";
import { changesSince, liveReleaseIn } from "./changes";
import { activeReleases, gateFactsFor, loadProjectFacts, loadReleaseFacts, type ProjectFacts } from "./gate-facts";
import { approvalRefusal, needsSignoff, signoffsNeeded, type DutyFact } from "../domain/approvals";
import { teamsOf } from "./teams";
import { currentDeployments, latestDeployment, toDeploymentFact } from "./deploy";

/** Outbox kinds of notifications; the dispatcher sends e-mail over SMTP and chat as JSON POSTs. */
export const emailKind = "notification.email";
export const chatKind = "notification.chat";

export type NotifySettings = { emailOn: boolean; baseUrl: string };

/** E-mail is on only with both SMTP_URL and MAIL_FROM; links start at BASE_URL. */
export function notifySettingsFrom(env: NodeJS.ProcessEnv = process.env): NotifySettings {
  const baseUrl = (env.BASE_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, "");
  return { emailOn: Boolean(env.SMTP_URL && env.MAIL_FROM), baseUrl };
}

type Person = { id: string; name: string; email: string };

/** Active people with one of `roles` who have not switched e-mail off. */
export async function emailRecipients(tx: Tx, roles: Role[]): Promise<Person[]> {
  return await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(
      and(
        inArray(users.role, roles),
        isNull(users.disabledAt),
        or(isNull(notificationPreferences.email), eq(notificationPreferences.email, true)),
      ),
    )
    .orderBy(users.email);
}

type Announcement = {
  event: NotificationEvent;
  project: Project;
  release: Release;
  environment: Environment;
  content: NotificationContent;
  /** Who gets an e-mail; chat goes to every webhook of the project. */
  emailTo: Person[];
  now: Date;
  settings?: NotifySettings;
};

async function enqueue(
  tx: Tx,
  projectId: number,
  kind: string,
  target: Record<string, unknown>,
  payload: unknown,
  now: Date,
  extra: { recipient?: string; at?: Date } = {},
) {
  const at = extra.at ?? now;
  await tx
    .insert(outbox)
    .values({
      projectId,
      kind,
      messageId: `msg_${randomUUID()}`,
      target,
      payload: JSON.stringify(payload),
      recipient: extra.recipient ?? null,
      nextAttemptAt: at,
      retryUntil: new Date(at.getTime() + outboundRetryWindowMs),
      createdAt: now,
    });
}

/**
 * One notification for one person by e-mail, within the limits (README: Notifications): an
 * e-mail to them about this project that waits its turn takes it in as a digest; else a new one
 * goes now, or when the coalescing window or their hourly limit allows. Only a message not yet
 * due is added to: the dispatcher takes messages once due, so none is changed while it is sent.
 */
async function enqueueEmail(tx: Tx, projectId: number, person: Person, content: NotificationContent, now: Date) {
  const waiting = await first(
    tx
      .select({ id: outbox.id, payload: outbox.payload })
      .from(outbox)
      .where(
        and(
          eq(outbox.recipient, person.email),
          eq(outbox.projectId, projectId),
          eq(outbox.kind, emailKind),
          eq(outbox.state, "pending"),
          eq(outbox.attempts, 0),
          gt(outbox.nextAttemptAt, new Date(now.getTime() + 1000)),
        ),
      )
      .orderBy(desc(outbox.id)),
  );
  if (waiting) {
    const payload = addToEmail(JSON.parse(waiting.payload) as EmailPayload, content);
    await tx
      .update(outbox)
      .set({ payload: JSON.stringify(payload) })
      .where(eq(outbox.id, waiting.id));
    return;
  }
  const lastHour = await tx
    .select({ projectId: outbox.projectId, createdAt: outbox.createdAt, at: outbox.nextAttemptAt })
    .from(outbox)
    .where(and(eq(outbox.recipient, person.email), gte(outbox.createdAt, new Date(now.getTime() - emailLimits.hourMs))))
    .orderBy(asc(outbox.createdAt), asc(outbox.id));
  const toProject = lastHour.filter((m) => m.projectId === projectId).map((m) => m.at.getTime());
  const at = nextEmailSlot(
    now,
    toProject.length ? new Date(Math.max(...toProject)) : null,
    lastHour.map((m) => m.createdAt),
  );
  await enqueue(
    tx,
    projectId,
    emailKind,
    { email: { to: person.email, name: person.name } },
    renderEmailPayload([content]),
    now,
    { recipient: person.email, at },
  );
}

/**
 * Writes a notification once: the ledger row's unique (event, release, environment) makes
 * a second call a no-op, so re-evaluations and restarts never repeat a message. E-mails
 * (one per person, so nobody sees the others' addresses) and chat posts go to the outbox
 * in the caller's transaction. Returns whether anything was written.
 */
export async function announce(tx: Tx, a: Announcement): Promise<boolean> {
  const settings = a.settings ?? notifySettingsFrom();
  const emailTo = settings.emailOn ? a.emailTo : [];
  const chat = a.project.chatWebhooks;
  const row = (await first(
    tx
      .insert(notifications)
      .values({
        projectId: a.project.id,
        releaseId: a.release.id,
        environmentId: a.environment.id,
        event: a.event,
        messages: emailTo.length + chat.length,
        createdAt: a.now,
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id }),
  ))!;
  if (!row) return false;
  for (const person of emailTo) await enqueueEmail(tx, a.project.id, person, a.content, a.now);
  if (chat.length) {
    const message = renderChat(a.content);
    for (const url of chat) await enqueue(tx, a.project.id, chatKind, { chat: { url } }, message, a.now);
  }
  return true;
}

const maxChanges = 20;

/** What a message about `release` and `environment` says, read in the caller's transaction. */
async function contentFor(
  tx: Tx,
  event: NotificationEvent,
  project: Project,
  release: Release,
  environment: Environment,
  evaluation: GateEvaluation | null,
  settings: NotifySettings,
  extra: Partial<NotificationContent> = {},
): Promise<NotificationContent> {
  const live = await liveReleaseIn(tx, environment.id);
  const shownLive = live && live.id !== release.id ? live : undefined;
  const { changes, total } =
    event === "release.live" ? { changes: [], total: 0 } : await changesSince(tx, release, shownLive, maxChanges);
  const signoffEvent = event === "signoff.requested" || event === "signoff.reminder";
  const approvals = evaluation
    ? signoffTally((await loadReleaseFacts(tx, [release])).get(release.id)?.signoffs ?? [], environment.id).approvals
    : [];
  return {
    event,
    project: { slug: project.slug, name: project.name },
    release: { version: release.version, commitSha: release.commitSha, notes: release.notes, url: release.url },
    environment: { slug: environment.slug, name: environment.name },
    link: signoffEvent
      ? signoffLink(settings.baseUrl, project.slug, release.version)
      : releaseLink(settings.baseUrl, project.slug, release.version),
    checks: (evaluation?.items ?? [])
      .filter((i) => i.gate === "checks")
      .map((i) => ({ name: i.subject ?? "?", status: i.status ?? (i.met ? "passed" : "missing") })),
    changes: changes.map((c) => ({ id: c.ref, title: c.title, version: c.version, url: c.url })),
    moreChanges: Math.max(0, total - changes.length),
    live: shownLive?.version ?? null,
    approvals: approvals.map((s) => s.actorName),
    requiredSignoffs: signoffsNeeded(environment),
    ...extra,
  };
}

/** Of `people`, those who may approve the release's entry into `target` (a team rule, separation of duties). */
async function mayApprove(
  tx: Tx,
  people: Person[],
  target: Environment,
  projectFacts: ProjectFacts,
  perRelease: { duties?: DutyFact[] } | undefined,
): Promise<Person[]> {
  if (!target.approvals.length && !target.separateDuties) return people;
  const facts = { teams: projectFacts.teams, duties: perRelease?.duties ?? [], pipeline: projectFacts.pipeline };
  const allowed: Person[] = [];
  for (const p of people)
    if (approvalRefusal(target, { id: p.id, teams: await teamsOf(tx, p.id) }, facts) === null) allowed.push(p);
  return allowed;
}

/** Gates of moving `release` into its next environment, with facts read now. */
async function evaluateNext(
  tx: Tx,
  pipeline: Environment[],
  release: Release,
  now: Date,
): Promise<GateEvaluation | null> {
  const facts = (await loadReleaseFacts(tx, [release])).get(release.id);
  return evaluateGates(gateFactsFor(await loadProjectFacts(tx, pipeline), release, facts, now));
}

async function alreadyAnnounced(
  tx: Tx,
  event: NotificationEvent,
  pairs: { releaseId: number; environmentId: number }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await tx
    .select({ releaseId: notifications.releaseId, environmentId: notifications.environmentId })
    .from(notifications)
    .where(
      and(
        eq(notifications.event, event),
        inArray(
          notifications.releaseId,
          pairs.map((p) => p.releaseId),
        ),
      ),
    );
  return new Set(rows.map((r) => `${r.releaseId}:${r.environmentId}`));
}

/**
 * After anything that can change a release's gates (a move, a result, a sign-off, a task,
 * a deploy report, an unlock): announces the releases that now wait for sign-off, and,
 * for `releaseIds` (the releases the change touched), those that went live in the last
 * environment. Cheap when there is nothing to say: one read of the releases, one of the
 * ledger, and gates only for releases not yet announced.
 */
export async function announceChanges(
  tx: Tx,
  projectId: number,
  pipeline: Environment[],
  now: Date,
  releaseIds?: number[],
) {
  const anySignoff = pipeline.some(needsSignoff);
  const last = pipeline.at(-1);
  const candidates = await activeReleases(tx, projectId, releaseIds);
  const waiting = anySignoff
    ? candidates.filter((r) => {
        const next = nextEnvironment(pipeline, r.environmentId);
        return next !== null && needsSignoff(next);
      })
    : [];
  const live = releaseIds && last ? candidates.filter((r) => r.environmentId === last.id) : [];
  if (waiting.length === 0 && live.length === 0) return;
  const project = (await first(tx.select().from(projects).where(eq(projects.id, projectId))))!;
  const settings = notifySettingsFrom();

  const asked = await alreadyAnnounced(
    tx,
    "signoff.requested",
    waiting.map((r) => ({ releaseId: r.id, environmentId: nextEnvironment(pipeline, r.environmentId)!.id })),
  );
  const fresh = waiting.filter((r) => !asked.has(`${r.id}:${nextEnvironment(pipeline, r.environmentId)!.id}`));
  if (fresh.length) {
    const projectFacts = await loadProjectFacts(tx, pipeline);
    const facts = await loadReleaseFacts(tx, fresh);
    for (const release of fresh) {
      const evaluation = evaluateGates(gateFactsFor(projectFacts, release, facts.get(release.id), now));
      if (!isWaitingForSignoff(evaluation)) continue;
      const target = nextEnvironment(pipeline, release.environmentId)!;
      const content = await contentFor(tx, "signoff.requested", project, release, target, evaluation, settings);
      await announce(tx, {
        event: "signoff.requested",
        project,
        release,
        environment: target,
        content,
        emailTo: await mayApprove(
          tx,
          await emailRecipients(tx, ["business_owner"]),
          target,
          projectFacts,
          facts.get(release.id),
        ),
        now,
        settings,
      });
    }
  }
  for (const release of live) {
    // Where entering deploys, a release is live once its deploy succeeded.
    if (last!.deployTarget && (await latestDeployment(tx, release.id, last!.id))?.status !== "succeeded") continue;
    const content = await contentFor(tx, "release.live", project, release, last!, null, settings);
    await announce(tx, {
      event: "release.live",
      project,
      release,
      environment: last!,
      content,
      emailTo: [],
      now,
      settings,
    });
  }
}

/** A business owner rejected a release: the release managers hear why. */
export async function announceRejection(
  tx: Tx,
  release: Release,
  environment: Environment,
  by: string,
  comment: string | null,
  now: Date,
) {
  const project = (await first(tx.select().from(projects).where(eq(projects.id, release.projectId))))!;
  const settings = notifySettingsFrom();
  const content = await contentFor(tx, "signoff.rejected", project, release, environment, null, settings, {
    rejection: { by, comment },
  });
  await announce(tx, {
    event: "signoff.rejected",
    project,
    release,
    environment,
    content,
    emailTo: await emailRecipients(tx, ["release_manager"]),
    now,
    settings,
  });
}

/** A deploy failed, or nobody reported on it in time: the release managers can retry or roll back. */
export async function announceDeployFailure(
  tx: Tx,
  releaseId: number,
  environmentId: number,
  problem: string,
  now: Date,
) {
  const release = await first(tx.select().from(releases).where(eq(releases.id, releaseId)));
  const environment = await first(tx.select().from(environments).where(eq(environments.id, environmentId)));
  if (!release || !environment) return;
  const project = (await first(tx.select().from(projects).where(eq(projects.id, release.projectId))))!;
  const settings = notifySettingsFrom();
  const content = await contentFor(tx, "deploy.failed", project, release, environment, null, settings, {
    deployProblem: problem,
  });
  await announce(tx, {
    event: "deploy.failed",
    project,
    release,
    environment,
    content,
    emailTo: await emailRecipients(tx, ["release_manager"]),
    now,
    settings,
  });
}

/** The default wait before a reminder, when the policy does not say (README, "Notifications"). */
export const defaultSignoffReminderHours = 24;

/**
 * Reminds the business owners who have not decided yet about releases of a project that
 * still wait for sign-off `signoffReminderHours` after they were first asked. Once each.
 */
export async function remindWaiting(tx: Tx, projectId: number, pipeline: Environment[], now: Date) {
  const requested = await tx
    .select({
      releaseId: notifications.releaseId,
      environmentId: notifications.environmentId,
      at: notifications.createdAt,
    })
    .from(notifications)
    .innerJoin(releases, eq(releases.id, notifications.releaseId))
    .where(
      and(
        eq(notifications.projectId, projectId),
        eq(notifications.event, "signoff.requested"),
        eq(releases.state, "active"),
        sql`not exists (select 1 from ${notifications} r where r.event = 'signoff.reminder' and r.release_id = ${notifications.releaseId} and r.environment_id = ${notifications.environmentId})`,
      ),
    );
  if (requested.length === 0) return;
  const project = (await first(tx.select().from(projects).where(eq(projects.id, projectId))))!;
  const settings = notifySettingsFrom();
  for (const ask of requested) {
    const target = pipeline.find((e) => e.id === ask.environmentId);
    const hours = target?.signoffReminderHours ?? defaultSignoffReminderHours;
    if (!target || hours <= 0 || now.getTime() < ask.at.getTime() + hours * 3_600_000) continue;
    const release = (await first(tx.select().from(releases).where(eq(releases.id, ask.releaseId))))!;
    if (nextEnvironment(pipeline, release.environmentId)?.id !== target.id) continue;
    const evaluation = await evaluateNext(tx, pipeline, release, now);
    if (!isWaitingForSignoff(evaluation)) continue;
    const facts = (await loadReleaseFacts(tx, [release])).get(release.id);
    const tally = signoffTally(facts?.signoffs ?? [], target.id);
    const decided = new Set([...tally.approvals, ...tally.rejections].map((s) => s.actorId));
    const undecided = (await emailRecipients(tx, ["business_owner"])).filter((p) => !decided.has(p.id));
    const content = await contentFor(tx, "signoff.reminder", project, release, target, evaluation, settings);
    await announce(tx, {
      event: "signoff.reminder",
      project,
      release,
      environment: target,
      content,
      emailTo: undecided,
      now,
      settings,
    });
  }
}

/**
 * Deploys still waiting for a report past their environment's deploy timeout: the release
 * managers hear once, as for a failed deploy ("no report in time" on the card).
 */
export async function announceOverdueDeploys(tx: Tx, projectId: number, pipeline: Environment[], now: Date) {
  const withTarget = pipeline.filter((e) => e.deployTarget);
  if (withTarget.length === 0) return;
  const present = await tx
    .select()
    .from(releases)
    .where(
      and(
        eq(releases.projectId, projectId),
        eq(releases.state, "active"),
        inArray(
          releases.environmentId,
          withTarget.map((e) => e.id),
        ),
      ),
    );
  if (present.length === 0) return;
  const told = await alreadyAnnounced(
    tx,
    "deploy.failed",
    present.map((r) => ({ releaseId: r.id, environmentId: r.environmentId })),
  );
  for (const [releaseId, deployment] of await currentDeployments(tx, present)) {
    if (told.has(`${releaseId}:${deployment.environmentId}`)) continue;
    const environment = withTarget.find((e) => e.id === deployment.environmentId)!;
    if (deployState(toDeploymentFact(deployment), environment.deployTimeoutMinutes, now).phase !== "overdue") continue;
    const minutes = environment.deployTimeoutMinutes ?? defaultDeployTimeoutMinutes;
    await announceDeployFailure(
      tx,
      releaseId,
      deployment.environmentId,
      `no report from the deploy system in ${minutes} min`,
      now,
    );
  }
}
