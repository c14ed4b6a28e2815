import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."),
  test: {
    include: ["server/**/*.test.ts", "db/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
    // Tests that sign in with a wrong password on purpose would fill the output with better-auth's warning.
    onConsoleLog: (log) => !(log.includes("[Better Auth]") && log.includes("Invalid password")),
  },
});
