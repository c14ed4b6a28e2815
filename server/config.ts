import { z } from "zod";
import { parseTrustedProxies, type TrustedProxies } from "./http/client-address";

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: "PORT must be a whole number between 1 and 65535" })
    .int("PORT must be a whole number between 1 and 65535")
    .min(1, "PORT must be a whole number between 1 and 65535")
    .max(65535, "PORT must be a whole number between 1 and 65535")
    .default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1, "DATABASE_PATH must not be empty").default("./data/releaseboard.db"),
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
});

export type Config = {
  port: number;
  host: string;
  databasePath: string;
  baseUrl: string;
  demo: boolean;
  /** Reverse proxies whose X-Forwarded-For is believed (README: TRUST_PROXY). */
  trustProxy: TrustedProxies;
  deliveryLogRetentionDays: number;
  /** Below this much free space under the database, operators are warned (README: Faults); 0 = never. */
  storageWarnMb: number;
  /** How long a SIGTERM waits for requests in flight before stopping anyway (README: Faults). */
  shutdownTimeoutS: number;
  /** The most the database file may grow to, or null for no cap but the disk's (README: Faults). */
  databaseMaxSizeMb: number | null;
};

export class ConfigError extends Error {}

/** Reads and validates the environment; throws a ConfigError with one readable line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse({
    PORT: env.PORT === "" ? undefined : env.PORT,
    HOST: env.HOST || undefined,
    DATABASE_PATH: env.DATABASE_PATH,
    BASE_URL: env.BASE_URL || undefined,
    RELEASEBOARD_DEMO: env.RELEASEBOARD_DEMO || undefined,
    TRUST_PROXY: env.TRUST_PROXY || undefined,
    DELIVERY_LOG_RETENTION_DAYS: env.DELIVERY_LOG_RETENTION_DAYS || undefined,
    STORAGE_WARN_MB: env.STORAGE_WARN_MB || undefined,
    SHUTDOWN_TIMEOUT_S: env.SHUTDOWN_TIMEOUT_S || undefined,
    DATABASE_MAX_SIZE_MB: env.DATABASE_MAX_SIZE_MB || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "configuration";
    const message = issue?.message ?? "invalid";
    throw new ConfigError(message.includes(field) ? message : `${field}: ${message}`);
  }
  const { PORT, HOST, DATABASE_PATH, BASE_URL, RELEASEBOARD_DEMO, TRUST_PROXY, DELIVERY_LOG_RETENTION_DAYS } =
    parsed.data;
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
    baseUrl: (BASE_URL ?? `http://localhost:${PORT}`).replace(/\/$/, ""),
    demo: RELEASEBOARD_DEMO,
    trustProxy,
    deliveryLogRetentionDays: DELIVERY_LOG_RETENTION_DAYS,
    storageWarnMb: STORAGE_WARN_MB,
    shutdownTimeoutS: SHUTDOWN_TIMEOUT_S,
    databaseMaxSizeMb: DATABASE_MAX_SIZE_MB ?? null,
  };
}

/** The database file for code that runs inside Next's bundles (route handlers, pages). */
export function databasePath(): string {
  return process.env.DATABASE_PATH || "./data/releaseboard.db";
}
