import http from "node:http";
import Database from "better-sqlite3";
import { z } from "zod";

/**
 * The machine's limit for the results endpoint: node:http, the same JSON parsed and
 * validated with zod, one row inserted with better-sqlite3 at the same durability
 * (WAL, synchronous=FULL). No framework, no auth, no audit: a floor to compare with.
 */
const [file, port] = [process.argv[2]!, Number(process.argv[3])];
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec(
  "CREATE TABLE IF NOT EXISTS results (id INTEGER PRIMARY KEY, environment TEXT NOT NULL, check_name TEXT NOT NULL, status TEXT NOT NULL, summary TEXT, created_at INTEGER NOT NULL)",
);
const insert = db.prepare(
  "INSERT INTO results (environment, check_name, status, summary, created_at) VALUES (?, ?, ?, ?, ?)",
);
const schema = z.object({
  environment: z.string().min(1).max(64),
  check: z.string().min(1).max(100),
  status: z.enum(["passed", "failed", "error", "running", "skipped"]),
  summary: z.string().max(10_000).optional(),
  url: z.url().optional(),
});

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        const parsed = schema.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        if (!parsed.success) {
          res
            .writeHead(422, { "content-type": "application/json" })
            .end(JSON.stringify({ error: parsed.error.issues[0]?.message }));
          return;
        }
        const row = insert.run(
          parsed.data.environment,
          parsed.data.check,
          parsed.data.status,
          parsed.data.summary ?? null,
          Date.now(),
        );
        res
          .writeHead(201, { "content-type": "application/json" })
          .end(JSON.stringify({ id: Number(row.lastInsertRowid) }));
      } catch {
        res.writeHead(400).end();
      }
    });
  })
  .listen(port, () => process.send?.("ready"));
