import fs from "node:fs";
import { expect, it } from "vitest";
import pg from "pg";
import { startPostgres } from "./postgres";

it("starts several throwaway clusters at once, each on its own port and folder, and removes them on stop", async () => {
  const servers = await Promise.all([startPostgres(), startPostgres(), startPostgres()]);
  try {
    expect(new Set(servers.map((s) => s.url)).size).toBe(3);
    for (const server of servers) {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query("select current_database() as name, current_setting('fsync') as fsync");
      await client.end();
      expect(rows[0]).toEqual({ name: "releaseboard", fsync: "off" });
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  for (const server of servers) expect(fs.existsSync(server.dir)).toBe(false);
}, 240_000);
