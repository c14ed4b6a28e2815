import { demoDatabasePath } from "../config";
import { ensureFreshBuild } from "./build-freshness";

/**
 * `npm run demo`: builds the app when the sources are newer than the last build, then
 * starts it in demo mode on its own database file (seeded on first start).
 */
ensureFreshBuild();
process.env.RELEASEBOARD_DEMO = "1";
process.env.DATABASE_PATH ||= demoDatabasePath;
process.env.NEXT_TELEMETRY_DISABLED = "1";
// The server runs in this process, so Ctrl-C and SIGTERM reach it directly.
void import("../main");
