import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Piscina from "piscina";
import { DomainError, type DomainErrorCode } from "../../errors";
import type { ReportSummary } from "../../domain/test-report";
import type { ReportKind } from "./parse-report";

type Answer =
  | { ok: true; report: ReportSummary }
  | { ok: false; code: DomainErrorCode; message: string; details: DomainError["details"] };

const workerName = "report-worker.mjs";

/**
 * The worker's file. Under `npm start` and in tests this module runs from its source folder;
 * inside Next's server bundle (a delivery sent again from the settings page) `__dirname` is the
 * bundle's, and the file is found from the project root the server runs in.
 */
function workerFile(): string {
  const candidates = [path.join(__dirname, workerName), path.resolve("server", "http", "reports", workerName)];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`The report worker is missing (looked for ${candidates.join(", ")})`);
  return found;
}

let pool: Piscina | null = null;

/**
 * Threads for parsing reports: one fewer than the machine's cores (at least one, at most
 * four), started on the first report and stopped after five idle minutes. Reports queue
 * for a free thread; the main thread only copies the body across.
 */
function reportPool(): Piscina {
  pool ??= new Piscina({
    filename: workerFile(),
    minThreads: 0,
    maxThreads: Math.min(4, Math.max(1, os.availableParallelism() - 1)),
    idleTimeout: 5 * 60_000,
    // The worker compiles its TypeScript itself; it must not inherit tsx's command-line hooks.
    execArgv: [],
  });
  return pool;
}

/** parseReport on a worker thread (README: Test reports); a refusal comes back as the same DomainError. */
export async function parseReportOffThread(raw: Buffer, kind: ReportKind): Promise<ReportSummary> {
  const answer = (await reportPool().run({ raw, kind })) as Answer;
  if (!answer.ok) throw new DomainError(answer.code, answer.message, answer.details);
  return answer.report;
}
