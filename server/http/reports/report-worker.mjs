// A worker thread of the report pool (./report-pool.ts): parses one test report per task, so a
// 20 MiB report's parse and its garbage stay off the main thread's event loop and heap.
// Plain JavaScript that compiles the TypeScript parsers itself with tsx, so it loads the same way
// under `npm start` (tsx), inside Next's server bundle, and in the tests.
import { tsImport } from "tsx/esm/api";

const loaded = await tsImport("./parse-report.ts", import.meta.url);
const { parseReport } = loaded.parseReport ? loaded : loaded.default;

/** A DomainError crosses the thread as data (structured clone keeps no class), and is rebuilt on the other side. */
export default function parse({ raw, kind }) {
  try {
    // A large body arrives in shared memory (read-body.ts), read in place: nothing writes to it.
    return { ok: true, report: parseReport(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), kind) };
  } catch (error) {
    if (error && error.name === "DomainError")
      return { ok: false, code: error.code, message: error.message, details: error.details };
    throw error;
  }
}
