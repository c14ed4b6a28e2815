import { z } from "zod";
import { weekdayNames } from "./freeze";
import { deployTargetSchema, hostOnlyUrl, redactDeployTarget } from "./deploy";
import { targetUrlSchema } from "./addresses";
import { displayNameSchema, requiredCheckSchema } from "./names";

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase letters, digits and single dashes")
  .max(64, "must be at most 64 characters");

const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time like "15:00"');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as Europe/London");

const weeklyWindow = z.strictObject({
  weekly: z
    .array(z.enum(weekdayNames, { error: "days are mon, tue, wed, thu, fri, sat, sun" }))
    .min(1, "name at least one day"),
  from: hhmm,
  to: hhmm,
  timeZone,
  reason: z.string().max(500).optional(),
});

const onceWindow = z
  .strictObject({
    from: z.iso.datetime({ offset: true, error: "must be a date-time with a zone, e.g. 2026-12-24T00:00:00Z" }),
    to: z.iso.datetime({ offset: true, error: "must be a date-time with a zone, e.g. 2026-12-27T00:00:00Z" }),
    reason: z.string().max(500).optional(),
  })
  .refine((w) => Date.parse(w.to) > Date.parse(w.from), { path: ["to"], message: "must be after from" });

type WeeklyWindow = z.output<typeof weeklyWindow>;
type OnceWindow = z.output<typeof onceWindow>;

/**
 * A weekly window if it names days, else a one-off: choosing the branch first means a
 * mistake is reported on the field that is wrong, not as "matches neither kind".
 */
const freezeWindow = z
  .custom<z.input<typeof weeklyWindow> | z.input<typeof onceWindow>>(() => true)
  .transform((value, ctx): WeeklyWindow | OnceWindow => {
    const schema = value && typeof value === "object" && "weekly" in value ? weeklyWindow : onceWindow;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  });

const uniqueNames = (
  what: string,
  item: z.ZodType<string, string> = z.string().min(1, `${what} names must not be empty`).max(100),
) =>
  z
    .array(item)
    .max(50)
    .refine((names) => new Set(names).size === names.length, `${what} names must be unique`);

export const environmentFileSchema = z.strictObject({
  slug,
  name: displayNameSchema(100),
  autoPromote: z.boolean().default(false),
  // Names as CI shows them, typed by a person: invisible characters refused, `*` a wildcard (README: Names).
  requiredChecks: uniqueNames("check", requiredCheckSchema).default([]),
  requiredSignoffs: z.number().int().min(0).max(20).default(0),
  minSoakMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 90)
    .default(0),
  manualTasks: uniqueNames("task").default([]),
  capacity: z.number().int().min(1).max(10_000).nullable().default(null),
  freezeWindows: z.array(freezeWindow).max(50).default([]),
  /** Left out when entering the environment deploys nothing. */
  deploy: deployTargetSchema.optional(),
  deployTimeoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  /** Protected environments (README): teams whose release managers may move releases in; left out = all. */
  promoters: z
    .array(slug)
    .max(20)
    .refine((teams) => new Set(teams).size === teams.length, "promoter teams must be unique")
    .optional(),
  /** Sign-off rules by team, all of which must be met; they replace requiredSignoffs. */
  approvals: z
    .array(z.strictObject({ team: slug, count: z.number().int().min(1).max(20) }))
    .max(10)
    .refine((rules) => new Set(rules.map((r) => r.team)).size === rules.length, "one approval rule per team")
    .optional(),
  /** Who created, moved, scheduled or overrode a release may not approve its entry here. */
  separateDuties: z.boolean().optional(),
  /** Hours before waiting business owners are reminded; left out = 24, 0 = no reminder. */
  signoffReminderHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30)
    .optional(),
});

/** `notifications:` of the pipeline file: where the project's chat messages go. */
export const notificationsFileSchema = z.strictObject({
  chat: z
    .array(targetUrlSchema)
    .max(10, "at most 10 chat webhooks")
    .refine((urls) => new Set(urls).size === urls.length, "chat webhook URLs must be unique")
    .default([]),
});

/** The pipeline file (README: Command line), JSON or YAML. */
export const pipelineFileSchema = z.strictObject({
  project: slug,
  name: displayNameSchema(100),
  environments: z
    .array(environmentFileSchema)
    .min(1, "a pipeline needs at least one environment")
    .max(20)
    .refine((envs) => new Set(envs.map((e) => e.slug)).size === envs.length, "environment slugs must be unique"),
  notifications: notificationsFileSchema.optional(),
});

export type PipelineFile = z.output<typeof pipelineFileSchema>;
export type PipelineFileInput = z.input<typeof pipelineFileSchema>;
export type EnvironmentFile = z.output<typeof environmentFileSchema>;

/**
 * The pipeline file as people who may not edit it see it: deploy and chat webhook URLs cut to their
 * hosts (`https://hooks.slack.com/…`), everything else as is (README: Security).
 */
export function redactPipelineFile(file: PipelineFile): PipelineFile {
  return {
    ...file,
    environments: file.environments.map((e) => (e.deploy ? { ...e, deploy: redactDeployTarget(e.deploy) } : e)),
    ...(file.notifications
      ? { notifications: { ...file.notifications, chat: file.notifications.chat.map(hostOnlyUrl) } }
      : {}),
  };
}
