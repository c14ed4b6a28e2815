import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A server the end-to-end tests run against: the production build on a database file made
 * fresh for this run (in demo mode when RELEASEBOARD_DEMO=1).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-e2e-"));
process.env.DATABASE_PATH = path.join(dir, "e2e.db");
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
void import("../server/main");
