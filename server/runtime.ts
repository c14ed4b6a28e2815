import type { Db } from "../db/client";
import { openConfiguredDatabase, switchTablesToDialectOf } from "./database";
import { createAuth, type Auth } from "./auth/auth";
import { LoginLimiter } from "./auth/login-limiter";
import { loadConfig, type Config } from "./config";
import { LiveFeed } from "./live/feed";
import { BoardSnapshots } from "./queries/board-snapshots";

type Runtime = {
  config: Config;
  db: Db;
  auth: Auth;
  loginLimiter: LoginLimiter;
  /** Every project's changes, read once and pushed to its viewers. */
  live: LiveFeed;
  /** Each project's board, computed once per change for all its viewers. */
  boards: BoardSnapshots;
};

/** The live feed and board snapshots of a server on `db`; tests and benchmarks build their own. */
export function liveParts(db: Db): Pick<Runtime, "live" | "boards"> {
  const boards = new BoardSnapshots();
  return { live: new LiveFeed(db, boards), boards };
}

const shared = globalThis as typeof globalThis & { __releaseboardRuntime?: Runtime };

/**
 * The process-wide services that route handlers and pages use. Created on first use and
 * kept on globalThis, because Next loads each route's bundle separately.
 */
export function runtime(): Runtime {
  if (!shared.__releaseboardRuntime) {
    const config = loadConfig();
    const db = openConfiguredDatabase(config);
    shared.__releaseboardRuntime = {
      config,
      db,
      auth: createAuth(db, { databasePath: config.databasePath, baseUrl: config.baseUrl, oidc: config.oidc }),
      loginLimiter: new LoginLimiter(db),
      ...liveParts(db),
    };
  }
  switchTablesToDialectOf(shared.__releaseboardRuntime.db);
  return shared.__releaseboardRuntime;
}
