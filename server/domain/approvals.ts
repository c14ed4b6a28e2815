import { can, type Role } from "./permissions";
import type { Pipeline, PipelineEnvironment } from "./policy";

/**
 * Protected environments (README: Teams and protected environments): who may move releases
 * in (`promoters`), whose sign-offs count (`approvals`), and who may not approve a release
 * they acted on (`separateDuties`). Pure rules over facts the engine loads.
 */

export type ApprovalRule = { team: string; count: number };
export type TeamMemberFact = { id: string; name: string; role: Role; active: boolean };
export type TeamFact = { slug: string; name: string; members: TeamMemberFact[] };

/** Something a person did to a release that, with `separateDuties`, bars them from approving it. */
export type DutyFact = {
  actorId: string;
  actorName: string;
  kind: "created" | "promoted" | "rolled back" | "overrode" | "scheduled";
  version: string;
  /** Where the release went (or was scheduled to go); null for "created". */
  environmentId: number | null;
};

/** Who asks to move a release: what the `promoters` rule reads. */
/** A team as a person is in it: its slug for the rules, its name for the words. */
export type TeamRef = { slug: string; name: string };

export type Asker =
  | { type: "user"; id: string; name: string; role: Role; teams: TeamRef[] }
  | { type: "token"; name: string }
  | { type: "system" };

export const rulesOf = (env: PipelineEnvironment): ApprovalRule[] => env.approvals ?? [];

/** Whether entering `env` waits for anyone's decision: `approvals` rules, else `requiredSignoffs`. */
export const needsSignoff = (env: PipelineEnvironment): boolean => rulesOf(env).length > 0 || env.requiredSignoffs > 0;

export const teamName = (teams: Map<string, TeamFact>, slug: string) => teams.get(slug)?.name ?? slug;

/** "Finance or Product", "Finance, Product or Legal". */
export function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

function isMember(teams: Map<string, TeamFact>, slug: string, userId: string): boolean {
  return teams.get(slug)?.members.some((m) => m.id === userId) ?? false;
}

/** "you are in Engineering": the teams a person is in. */
function yourTeams(userTeams: TeamRef[]): string {
  if (userTeams.length === 0) return "you are in no team";
  return `you are in ${userTeams.map((t) => t.name).join(", ")}`;
}

/** "promoted 2.12.0 to Staging", as said of a person. */
export function describeDuty(duty: DutyFact, pipeline: Pipeline): string {
  const where = pipeline.find((e) => e.id === duty.environmentId)?.name ?? "a removed environment";
  switch (duty.kind) {
    case "created":
      return `created ${duty.version}`;
    case "promoted":
      return `promoted ${duty.version} to ${where}`;
    case "rolled back":
      return `rolled ${duty.version} back to ${where}`;
    case "overrode":
      return `overrode the gates of ${where} for ${duty.version}`;
    case "scheduled":
      return `scheduled ${duty.version} for ${where}`;
  }
}

/** The first thing `userId` did to the release, when `target` separates duties. */
export function dutyOf(target: PipelineEnvironment, duties: DutyFact[], userId: string): DutyFact | null {
  if (!target.separateDuties) return null;
  return duties.find((d) => d.actorId === userId) ?? null;
}

export type Approver = { id: string; teams: TeamRef[] };

/**
 * Why this person may not sign off a release's entry into `target`, or null if they may
 * (their role is checked separately, by the `signoff` permission). Admins are held to the
 * same rules: an admin who may not approve can still override the gate, and that is recorded.
 */
export function approvalRefusal(
  target: PipelineEnvironment,
  person: Approver,
  facts: { teams: Map<string, TeamFact>; duties: DutyFact[]; pipeline: Pipeline },
): string | null {
  const rules = rulesOf(target);
  if (rules.length > 0 && !rules.some((r) => person.teams.some((t) => t.slug === r.team))) {
    const allowed = orList(rules.map((r) => teamName(facts.teams, r.team)));
    return `Only ${allowed} may approve ${target.name}; ${yourTeams(person.teams)}`;
  }
  const duty = dutyOf(target, facts.duties, person.id);
  if (duty) return `You ${describeDuty(duty, facts.pipeline)}: separation of duties`;
  return null;
}

/**
 * Whether a recorded decision of `userId` counts for `target` now: with approval rules only
 * members of a rule's team who may still sign off, and with separateDuties never someone who
 * acted on the release (even if they decided before they acted).
 */
export function decisionCounts(
  target: PipelineEnvironment,
  userId: string,
  facts: { teams: Map<string, TeamFact>; duties: DutyFact[] },
): boolean {
  if (dutyOf(target, facts.duties, userId)) return false;
  const rules = rulesOf(target);
  if (rules.length === 0) return true;
  return rules.some((r) => mayApproveFor(facts.teams, r.team, userId));
}

function mayApproveFor(teams: Map<string, TeamFact>, slug: string, userId: string): boolean {
  const member = teams.get(slug)?.members.find((m) => m.id === userId);
  return !!member && member.active && can(member.role, "signoff");
}

/** One rule's standing: who of its team approved, and who else could. */
export function ruleStanding(
  target: PipelineEnvironment,
  rule: ApprovalRule,
  approverIds: { id: string; name: string }[],
  facts: { teams: Map<string, TeamFact>; duties: DutyFact[] },
) {
  const approved = approverIds.filter(
    (a) => mayApproveFor(facts.teams, rule.team, a.id) && !dutyOf(target, facts.duties, a.id),
  );
  const could = (facts.teams.get(rule.team)?.members ?? []).filter(
    (m) =>
      m.active && can(m.role, "signoff") && !dutyOf(target, facts.duties, m.id) && !approved.some((a) => a.id === m.id),
  );
  return { approved, could };
}

/**
 * Why this asker may not move a release into `target` because of its `promoters` rule, or
 * null when they may (or the rule is not set). The system's auto-promotion is the policy's
 * own decision and is not asked; a CI token is in no team.
 */
export function promoterRefusal(
  target: PipelineEnvironment,
  asker: Asker,
  teams: Map<string, TeamFact>,
): string | null {
  const promoters = target.promoters ?? [];
  if (promoters.length === 0 || asker.type === "system") return null;
  if (asker.type === "user" && promoters.some((slug) => asker.teams.some((t) => t.slug === slug))) return null;
  const allowed = `Only release managers in ${orList(promoters.map((slug) => teamName(teams, slug)))} may move releases into ${target.name}`;
  return asker.type === "token" ? `${allowed}; a CI token is in no team` : `${allowed}; ${yourTeams(asker.teams)}`;
}

/** Whether `userId` is in any of the environment's promoter teams (true when it names none). */
export function isPromoter(target: PipelineEnvironment, teams: Map<string, TeamFact>, userId: string): boolean {
  const promoters = target.promoters ?? [];
  return promoters.length === 0 || promoters.some((slug) => isMember(teams, slug, userId));
}

/** Every team slug a pipeline's policies name. */
export function teamsNamed(pipeline: Pick<PipelineEnvironment, "promoters" | "approvals">[]): string[] {
  return [...new Set(pipeline.flatMap((e) => [...(e.promoters ?? []), ...(e.approvals ?? []).map((r) => r.team)]))];
}

/** How many approvals entering `env` takes at least, as one number for counters ("1 of 2 approvals"). */
export const signoffsNeeded = (env: PipelineEnvironment): number =>
  rulesOf(env).length ? rulesOf(env).reduce((sum, r) => sum + r.count, 0) : env.requiredSignoffs;
