import { spawn } from "node:child_process";
import path from "node:path";
import { startPostgres } from "../server/testing/postgres";

/**
 * `npm run test:e2e:postgres`: the end-to-end suite against servers on Postgres (issue 23: both
 * databases pass the same suite). Starts a throwaway cluster, runs Playwright with its address in
 * E2E_POSTGRES_URL (each server of the run makes a database of its own there, e2e/serve.ts), and
 * stops the cluster however the run ends. Arguments go to Playwright (`-- e2e/board.spec.ts`).
 */
async function main() {
  const cluster = await startPostgres();
  let code = 1;
  try {
    code = await new Promise<number>((resolve, reject) => {
      const run = spawn(
        process.execPath,
        [
          require.resolve("@playwright/test/cli"),
          "test",
          "--config",
          "e2e/playwright.config.ts",
          ...process.argv.slice(2),
        ],
        {
          cwd: path.resolve(__dirname, ".."),
          stdio: "inherit",
          env: { ...process.env, E2E_POSTGRES_URL: cluster.url },
        },
      );
      run.on("error", reject);
      run.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
    });
  } finally {
    await cluster.stop();
  }
  process.exit(code);
}

void main();
