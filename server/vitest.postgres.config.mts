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
      exclude: ["**/node_modules/**", "**/*.server.test.ts"],
    },
  }),
);
