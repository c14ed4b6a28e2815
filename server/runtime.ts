import { getDatabase, type Db } from "../db/client";
import { createAuth, type Auth } from "./auth/auth";
import { LoginLimiter } from "./auth/login-limiter";
import { loadConfig, type Config } from "./config";

type Runtime = { config: Config; db: Db; auth: Auth; loginLimiter: LoginLimiter };

const shared = globalThis as typeof globalThis & { __releaseboardRuntime?: Runtime };

/**
 * The process-wide services that route handlers and pages use. Created on first use and
 * kept on globalThis, because Next loads each route's bundle separately.
 */
export function runtime(): Runtime {
  if (!shared.__releaseboardRuntime) {
    const config = loadConfig();
    const db = getDatabase(config.databasePath, { maxSizeMb: config.databaseMaxSizeMb ?? undefined });
    shared.__releaseboardRuntime = {
      config,
      db,
      auth: createAuth(db, { databasePath: config.databasePath, baseUrl: config.baseUrl }),
      loginLimiter: new LoginLimiter(),
    };
  }
  return shared.__releaseboardRuntime;
}
