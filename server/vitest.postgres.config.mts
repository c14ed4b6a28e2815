import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.mts";

/**
 * The same unit suite on Postgres (issue 23): createTestDb hands every test a database of its own on
 * one throwaway cluster. Excluded: tests of what only SQLite has (its file, its pragmas, its
 * single-writer connection, the backup API); the Postgres counterparts are in *.server.test.ts.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      globalSetup: ["server/testing/postgres-global-setup.ts"],
      env: { RELEASEBOARD_TEST_DATABASE: "postgres" },
      exclude: [
        "**/node_modules/**",
        "**/*.server.test.ts",
        // SQLite's online backup API (Postgres: pg_dump, as `db backup` says).
        "server/cli/backup.test.ts",
        // Tampering with the chain through SQLite's own connection and triggers; on Postgres the chain
        // is verified, checkpointed and cited by audit-checkpoints.test.ts and evidence-api.test.ts.
        "server/engine/audit-chain.test.ts",
        // SQLite's group commit (one BEGIN IMMEDIATE for the writes of one turn); Postgres commits each.
        "server/engine/group-commit.test.ts",
        // A full SQLite file (max_page_count); Postgres faults are in db/postgres-faults.server.test.ts.
        "server/http/storage-faults.test.ts",
        "server/jobs/storage-watch.test.ts",
        // Worker threads each opening the SQLite file; on Postgres, two servers: multi-instance.server.test.ts.
        "server/services/concurrency.test.ts",
      ],
    },
  }),
);
