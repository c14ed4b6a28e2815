import { z } from "zod";
import { parseTrustedProxies, type TrustedProxies } from "./http/client-address";
import { deployTokenPrefix } from "./domain/deploy";
import { roles, type Role } from "./domain/permissions";

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: "PORT must be a whole number between 1 and 65535" })
    .int("PORT must be a whole number between 1 and 65535")
    .min(1, "PORT must be a whole number between 1 and 65535")
    .max(65535, "PORT must be a whole number between 1 and 65535")
    .default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1, "DATABASE_PATH must not be empty").default("./data/releaseboard.db"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, {
      error: "DATABASE_URL must be a Postgres URL, e.g. postgres://user:password@db.example.com:5432/releaseboard",
    })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: "DATABASE_POOL_SIZE must be a whole number from 2 to 200" })
    .int("DATABASE_POOL_SIZE must be a whole number from 2 to 200")
    .min(2, "DATABASE_POOL_SIZE must be a whole number from 2 to 200")
    .max(200, "DATABASE_POOL_SIZE must be a whole number from 2 to 200")
    .default(10),
  DATABASE_POOL_WAIT_S: z.coerce
    .number({ error: "DATABASE_POOL_WAIT_S must be a whole number of seconds from 1 to 300" })
    .int("DATABASE_POOL_WAIT_S must be a whole number of seconds from 1 to 300")
    .min(1, "DATABASE_POOL_WAIT_S must be a whole number of seconds from 1 to 300")
    .max(300, "DATABASE_POOL_WAIT_S must be a whole number of seconds from 1 to 300")
    .default(10),
  BASE_URL: z.url({ error: "BASE_URL must be an absolute http(s) URL, e.g. https://releases.example.com" }).optional(),
  RELEASEBOARD_DEMO: z
    .enum(["0", "1", "true", "false"], { error: "RELEASEBOARD_DEMO must be 1 or 0" })
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  TRUST_PROXY: z.string().default(""),
  DELIVERY_LOG_RETENTION_DAYS: z.coerce
    .number({ error: "DELIVERY_LOG_RETENTION_DAYS must be a whole number of days from 1 to 3650" })
    .int("DELIVERY_LOG_RETENTION_DAYS must be a whole number of days from 1 to 3650")
    .min(1, "DELIVERY_LOG_RETENTION_DAYS must be a whole number of days from 1 to 3650")
    .max(3650, "DELIVERY_LOG_RETENTION_DAYS must be a whole number of days from 1 to 3650")
    .default(30),
  OIDC_ISSUER: z
    .url({ error: "OIDC_ISSUER must be the provider's issuer URL, e.g. https://login.example.com" })
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).max(60).default("single sign-on"),
  OIDC_SCOPES: z.string().default("openid email profile"),
  OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  OIDC_DEFAULT_ROLE: z.enum(roles, { error: `OIDC_DEFAULT_ROLE must be one of ${roles.join(", ")}` }).default("viewer"),
  OIDC_ONLY: z
    .enum(["0", "1", "true", "false"], { error: "OIDC_ONLY must be 1 or 0" })
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  STORAGE_WARN_MB: z.coerce
    .number({ error: "STORAGE_WARN_MB must be a whole number of megabytes (0 turns the warning off)" })
    .int("STORAGE_WARN_MB must be a whole number of megabytes (0 turns the warning off)")
    .min(0, "STORAGE_WARN_MB must be a whole number of megabytes (0 turns the warning off)")
    .default(500),
  SHUTDOWN_TIMEOUT_S: z.coerce
    .number({ error: "SHUTDOWN_TIMEOUT_S must be a whole number of seconds from 1 to 3600" })
    .int("SHUTDOWN_TIMEOUT_S must be a whole number of seconds from 1 to 3600")
    .min(1, "SHUTDOWN_TIMEOUT_S must be a whole number of seconds from 1 to 3600")
    .max(3600, "SHUTDOWN_TIMEOUT_S must be a whole number of seconds from 1 to 3600")
    .default(20),
  DATABASE_MAX_SIZE_MB: z.coerce
    .number({ error: "DATABASE_MAX_SIZE_MB must be a whole number of megabytes, at least 1" })
    .int("DATABASE_MAX_SIZE_MB must be a whole number of megabytes, at least 1")
    .min(1, "DATABASE_MAX_SIZE_MB must be a whole number of megabytes, at least 1")
    .optional(),
  ADMIN_CHAT_WEBHOOKS: z.string().default(""),
  AUDIT_CHECKPOINT_WEBHOOK: z
    .url({ error: "AUDIT_CHECKPOINT_WEBHOOK must be an absolute http(s) URL" })
    .regex(/^https?:/i, "AUDIT_CHECKPOINT_WEBHOOK must be an absolute http(s) URL")
    .optional(),
  AUDIT_CHECKPOINT_EMAIL: z.string().default(""),
});

const isHttpUrl = (url: string) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol);
const isEmail = (email: string) => z.email().safeParse(email).success;

/** A comma-separated setting (ADMIN_CHAT_WEBHOOKS, AUDIT_CHECKPOINT_EMAIL): at most 10 items, each checked. */
function listSetting(name: string, value: string, valid: (item: string) => boolean, what: string): string[] {
  const items = value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length > 10) throw new ConfigError(`${name} takes at most 10 items`);
  const bad = items.find((item) => !valid(item));
  if (bad !== undefined) throw new ConfigError(`${name}: ${bad.slice(0, 80)} is not ${what}`);
  return items;
}

/** What the dispatcher needs from the environment to send deploy requests and chat messages. */
export type OutboundEnv = {
  /** RELEASEBOARD_ALLOW_PRIVATE_TARGETS=1: webhooks may go to loopback and private addresses. */
  allowPrivateTargets: boolean;
  githubApiUrl: string;
  gitlabUrl: string;
  /** Buildkite's REST API (BUILDKITE_API_URL), for the Buildkite deploy target kind. */
  buildkiteApiUrl: string;
  /** The variables deploy targets may name as `tokenEnv`: those starting with RELEASEBOARD_DEPLOY_TOKEN_, and no others. */
  deployTokens: Readonly<Record<string, string>>;
};

/** The outbound settings of an environment (README: Deployments). */
export function outboundEnvFrom(env: Readonly<Record<string, string | undefined>>): OutboundEnv {
  const deployTokens: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (name.startsWith(deployTokenPrefix) && value) deployTokens[name] = value;
  return {
    allowPrivateTargets: env.RELEASEBOARD_ALLOW_PRIVATE_TARGETS === "1",
    githubApiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    gitlabUrl: (env.GITLAB_URL || "https://gitlab.com").replace(/\/+$/, ""),
    buildkiteApiUrl: (env.BUILDKITE_API_URL || "https://api.buildkite.com").replace(/\/+$/, ""),
    deployTokens,
  };
}

/** Single sign-on through an OpenID Connect provider (README: Single sign-on). */
export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The login button's label: "Sign in with {name}". */
  name: string;
  scopes: string[];
  groupsClaim: string;
  defaultRole: Role;
  /** Passwords off: only single sign-on. */
  only: boolean;
};

export type Config = {
  port: number;
  host: string;
  databasePath: string;
  /** DATABASE_URL: Postgres instead of the SQLite file at databasePath (README: Postgres). */
  databaseUrl: string | null;
  /** The most connections to Postgres this instance opens. */
  databasePoolSize: number;
  /** How long a request waits for a Postgres connection before it is answered 503 "busy". */
  databasePoolWaitS: number;
  baseUrl: string;
  demo: boolean;
  /** Reverse proxies whose X-Forwarded-For is believed (README: TRUST_PROXY). */
  trustProxy: TrustedProxies;
  deliveryLogRetentionDays: number;
  /** Whether AUTH_SECRET is set; when not, the key is the generated `auth-secret` beside the database. */
  authSecretSet: boolean;
  outbound: OutboundEnv;
  oidc: OidcConfig | null;
  /** Below this much free space under the database, operators are warned (README: Faults); 0 = never. */
  storageWarnMb: number;
  /** How long a SIGTERM waits for requests in flight before stopping anyway (README: Faults). */
  shutdownTimeoutS: number;
  /** The most the database file may grow to, or null for no cap but the disk's (README: Faults). */
  databaseMaxSizeMb: number | null;
  /** ADMIN_CHAT_WEBHOOKS: chat incoming webhooks that get operator notices (README: Faults). */
  adminChatWebhooks: string[];
  /** Where each signed audit checkpoint is sent (README: Evidence): a webhook and/or auditors' e-mail. */
  auditCheckpointTargets: { webhook: string | null; emails: string[] };
  /** Whether e-mail goes out: SMTP_URL and MAIL_FROM both set (README: Notifications). */
  mailOn: boolean;
};

/** Where `npm run demo` keeps its data unless DATABASE_PATH says otherwise (README: Quick start). */
export const demoDatabasePath = "./data/demo.db";

export class ConfigError extends Error {}

/** Reads and validates the environment; throws a ConfigError with one readable line. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = envSchema.safeParse({
    PORT: env.PORT === "" ? undefined : env.PORT,
    HOST: env.HOST || undefined,
    DATABASE_PATH: env.DATABASE_PATH,
    DATABASE_URL: env.DATABASE_URL || undefined,
    DATABASE_POOL_SIZE: env.DATABASE_POOL_SIZE || undefined,
    DATABASE_POOL_WAIT_S: env.DATABASE_POOL_WAIT_S || undefined,
    BASE_URL: env.BASE_URL || undefined,
    RELEASEBOARD_DEMO: env.RELEASEBOARD_DEMO || undefined,
    TRUST_PROXY: env.TRUST_PROXY || undefined,
    DELIVERY_LOG_RETENTION_DAYS: env.DELIVERY_LOG_RETENTION_DAYS || undefined,
    OIDC_ISSUER: env.OIDC_ISSUER || undefined,
    OIDC_CLIENT_ID: env.OIDC_CLIENT_ID || undefined,
    OIDC_CLIENT_SECRET: env.OIDC_CLIENT_SECRET || undefined,
    OIDC_NAME: env.OIDC_NAME || undefined,
    OIDC_SCOPES: env.OIDC_SCOPES || undefined,
    OIDC_GROUPS_CLAIM: env.OIDC_GROUPS_CLAIM || undefined,
    OIDC_DEFAULT_ROLE: env.OIDC_DEFAULT_ROLE || undefined,
    OIDC_ONLY: env.OIDC_ONLY || undefined,
    STORAGE_WARN_MB: env.STORAGE_WARN_MB || undefined,
    SHUTDOWN_TIMEOUT_S: env.SHUTDOWN_TIMEOUT_S || undefined,
    DATABASE_MAX_SIZE_MB: env.DATABASE_MAX_SIZE_MB || undefined,
    ADMIN_CHAT_WEBHOOKS: env.ADMIN_CHAT_WEBHOOKS || undefined,
    AUDIT_CHECKPOINT_WEBHOOK: env.AUDIT_CHECKPOINT_WEBHOOK || undefined,
    AUDIT_CHECKPOINT_EMAIL: env.AUDIT_CHECKPOINT_EMAIL || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "configuration";
    const message = issue?.message ?? "invalid";
    throw new ConfigError(message.includes(field) ? message : `${field}: ${message}`);
  }
  const { PORT, HOST, DATABASE_PATH, BASE_URL, RELEASEBOARD_DEMO, TRUST_PROXY, DELIVERY_LOG_RETENTION_DAYS } =
    parsed.data;
  const oidc = oidcConfig(parsed.data);
  // Every instance on one Postgres must seal secrets, sign cookies and checkpoints with the same key,
  // and there is no folder beside the database to keep a generated one in.
  if (parsed.data.DATABASE_URL && !env.AUTH_SECRET)
    throw new ConfigError(
      "AUTH_SECRET is required with DATABASE_URL: every instance must share it (at least 32 characters, e.g. `openssl rand -base64 32`)",
    );
  const { STORAGE_WARN_MB, SHUTDOWN_TIMEOUT_S, DATABASE_MAX_SIZE_MB } = parsed.data;
  let trustProxy: TrustedProxies;
  try {
    trustProxy = parseTrustedProxies(TRUST_PROXY);
  } catch (error) {
    throw new ConfigError(`TRUST_PROXY: ${(error as Error).message}`);
  }
  return {
    port: PORT,
    host: HOST,
    databasePath: DATABASE_PATH,
    databaseUrl: parsed.data.DATABASE_URL ?? null,
    databasePoolSize: parsed.data.DATABASE_POOL_SIZE,
    databasePoolWaitS: parsed.data.DATABASE_POOL_WAIT_S,
    baseUrl: (BASE_URL ?? `http://localhost:${PORT}`).replace(/\/$/, ""),
    demo: RELEASEBOARD_DEMO,
    trustProxy,
    deliveryLogRetentionDays: DELIVERY_LOG_RETENTION_DAYS,
    authSecretSet: Boolean(env.AUTH_SECRET),
    outbound: outboundEnvFrom(env),
    oidc,
    storageWarnMb: STORAGE_WARN_MB,
    shutdownTimeoutS: SHUTDOWN_TIMEOUT_S,
    databaseMaxSizeMb: DATABASE_MAX_SIZE_MB ?? null,
    adminChatWebhooks: listSetting(
      "ADMIN_CHAT_WEBHOOKS",
      parsed.data.ADMIN_CHAT_WEBHOOKS,
      isHttpUrl,
      "an absolute http(s) URL",
    ),
    auditCheckpointTargets: {
      webhook: parsed.data.AUDIT_CHECKPOINT_WEBHOOK ?? null,
      emails: listSetting("AUDIT_CHECKPOINT_EMAIL", parsed.data.AUDIT_CHECKPOINT_EMAIL, isEmail, "an e-mail address"),
    },
    mailOn: Boolean(env.SMTP_URL && env.MAIL_FROM),
  };
}

function oidcConfig(data: z.output<typeof envSchema>): OidcConfig | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ONLY } = data;
  if (!OIDC_ISSUER) {
    if (OIDC_ONLY) throw new ConfigError("OIDC_ONLY=1 needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET");
    return null;
  }
  if (!OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET)
    throw new ConfigError("OIDC_ISSUER is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too");
  return {
    issuer: OIDC_ISSUER.replace(/\/$/, ""),
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    name: data.OIDC_NAME,
    scopes: data.OIDC_SCOPES.split(/[\s,]+/).filter(Boolean),
    groupsClaim: data.OIDC_GROUPS_CLAIM,
    defaultRole: data.OIDC_DEFAULT_ROLE,
    only: OIDC_ONLY,
  };
}

/** The database file for code that runs inside Next's bundles (route handlers, pages). */
export function databasePath(): string {
  return process.env.DATABASE_PATH || "./data/releaseboard.db";
}
