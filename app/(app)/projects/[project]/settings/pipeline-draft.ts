import { format } from "date-fns";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";
import type { PipelinePreset } from "@/server/domain/pipeline-presets";
import { slugFrom } from "@/app/_components/slug";
import { deployFromDraft, deployToDraft, emptyDeployDraft, type DeployDraft } from "./deploy-target-fields";

/** The pipeline editor's working copy: text fields as typed, turned into the pipeline file on save. */
export type PipelineData = inferRouterOutputs<AppRouter>["settings"]["pipeline"];
type EnvironmentFile = PipelineData["file"]["environments"][number];

export type DraftWindow = {
  key: string;
  kind: "weekly" | "once";
  days: string[];
  from: string;
  to: string;
  timeZone: string;
  reason: string;
};
export type DraftEnvironment = {
  key: string;
  /** Empty for an environment added here; derived from its name on save. */
  slug: string;
  name: string;
  autoPromote: boolean;
  requiredChecks: string;
  requiredSignoffs: string;
  minSoakMinutes: string;
  capacity: string;
  manualTasks: string;
  freezeWindows: DraftWindow[];
  deploy: DeployDraft;
  /** Empty: the default (24 hours). */
  signoffReminderHours: string;
  /** Team slugs, comma-separated; empty: every release manager. */
  promoters: string;
  /** "finance:1, product:1". */
  approvals: string;
  separateDuties: boolean;
};

export const presets: { value: PipelinePreset; name: string; description: string }[] = [
  {
    value: "continuous-deployment",
    name: "Continuous deployment",
    description: "Every environment promotes on its own when its gates pass.",
  },
  {
    value: "continuous-delivery",
    name: "Continuous delivery",
    description: "Promotes on its own up to the last environment, which waits for a sign-off.",
  },
  { value: "manual", name: "Manual", description: "Nothing moves on its own." },
];
export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
export const small = "rounded-md px-2 py-1 text-sm hover:bg-ink-100 dark:hover:bg-ink-800";

let nextKey = 0;
export const newKey = () => `new-${++nextKey}`;
const splitList = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
/**
 * Required checks, comma-separated, where a comma inside ( ) or [ ] belongs to the name:
 * "build (ubuntu-latest, 20.x), lint" is two checks, as a matrix names its legs.
 */
export function splitChecks(text: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(" || char === "[") depth++;
    if ((char === ")" || char === "]") && depth > 0) depth--;
    if (char === "," && depth === 0) {
      names.push(current);
      current = "";
    } else current += char;
  }
  names.push(current);
  return names.map((s) => s.trim()).filter(Boolean);
}
const toNumber = (text: string, empty: number | null) => (text.trim() === "" ? empty : Number(text));
/** One-off windows are edited on the reader's clock and stored as instants. */
const toLocalInput = (iso: string) => format(new Date(iso), "yyyy-MM-dd'T'HH:mm");
const fromLocalInput = (local: string) => {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
};

export function toDraft(env: EnvironmentFile): DraftEnvironment {
  return {
    key: env.slug,
    slug: env.slug,
    name: env.name,
    autoPromote: env.autoPromote,
    requiredChecks: env.requiredChecks.join(", "),
    requiredSignoffs: String(env.requiredSignoffs),
    minSoakMinutes: String(env.minSoakMinutes),
    capacity: env.capacity === null ? "" : String(env.capacity),
    manualTasks: env.manualTasks.join(", "),
    freezeWindows: env.freezeWindows.map((w) =>
      "weekly" in w
        ? {
            key: newKey(),
            kind: "weekly",
            days: w.weekly,
            from: w.from,
            to: w.to,
            timeZone: w.timeZone,
            reason: w.reason ?? "",
          }
        : {
            key: newKey(),
            kind: "once",
            days: [],
            from: toLocalInput(w.from),
            to: toLocalInput(w.to),
            timeZone: "",
            reason: w.reason ?? "",
          },
    ),
    deploy: deployToDraft(env.deploy, env.deployTimeoutMinutes),
    signoffReminderHours: env.signoffReminderHours === undefined ? "" : String(env.signoffReminderHours),
    promoters: (env.promoters ?? []).join(", "),
    approvals: (env.approvals ?? []).map((r) => `${r.team}:${r.count}`).join(", "),
    separateDuties: env.separateDuties ?? false,
  };
}

/** "finance:1, product" → rules; a missing or unreadable count is left for the server to refuse. */
const toRules = (text: string) =>
  splitList(text).map((item) => {
    const [team = "", count] = item.split(":").map((s) => s.trim());
    return { team, count: count === undefined ? 1 : Number(count) };
  });

export function toFile(name: string, draft: DraftEnvironment[], chat: string) {
  const taken = new Set(draft.map((e) => e.slug).filter(Boolean));
  const chatUrls = chat.split(/\s+/).filter(Boolean);
  return {
    name,
    ...(chatUrls.length ? { notifications: { chat: chatUrls } } : {}),
    environments: draft.map((e) => {
      let slug = e.slug;
      if (!slug) {
        const base = slugFrom(e.name) || "environment";
        slug = base;
        for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
        taken.add(slug);
      }
      return {
        slug,
        name: e.name.trim(),
        autoPromote: e.autoPromote,
        requiredChecks: splitChecks(e.requiredChecks),
        requiredSignoffs: toNumber(e.requiredSignoffs, 0),
        minSoakMinutes: toNumber(e.minSoakMinutes, 0),
        manualTasks: splitList(e.manualTasks),
        capacity: toNumber(e.capacity, null),
        freezeWindows: e.freezeWindows.map((w) => {
          const reason = w.reason.trim() ? { reason: w.reason.trim() } : {};
          return w.kind === "weekly"
            ? { weekly: w.days, from: w.from, to: w.to, timeZone: w.timeZone, ...reason }
            : { from: fromLocalInput(w.from), to: fromLocalInput(w.to), ...reason };
        }),
        ...deployFromDraft(e.deploy),
        ...(e.signoffReminderHours.trim() !== "" ? { signoffReminderHours: Number(e.signoffReminderHours) } : {}),
        ...(splitList(e.promoters).length ? { promoters: splitList(e.promoters) } : {}),
        ...(toRules(e.approvals).length ? { approvals: toRules(e.approvals) } : {}),
        ...(e.separateDuties ? { separateDuties: true } : {}),
      };
    }),
  };
}

/** A new, empty environment at the end of the pipeline. */
export const emptyEnvironment = (): DraftEnvironment => ({
  key: newKey(),
  slug: "",
  name: "",
  autoPromote: false,
  requiredChecks: "",
  requiredSignoffs: "0",
  minSoakMinutes: "0",
  capacity: "",
  manualTasks: "",
  freezeWindows: [],
  deploy: emptyDeployDraft,
  signoffReminderHours: "",
  promoters: "",
  approvals: "",
  separateDuties: false,
});
