import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

/**
 * Starts the production server (`server/main.ts` over the last `next build`) on a
 * database file and resolves once /api/ready answers. For the crash test and the benchmarks.
 */
export function startServer(
  file: string,
  port: number,
  env: Record<string, string> = {},
  /** Receives what the server prints on stdout (its log lines); stdout is ignored without it. */
  onOutput?: (text: string) => void,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_PATH: file,
      BASE_URL: "",
      RELEASEBOARD_DEMO: "0",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", onOutput ? "pipe" : "ignore", "pipe"],
  });
  child.stdout?.setEncoding("utf8").on("data", (text: string) => onOutput?.(text));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = async () => {
      try {
        if ((await fetch(`http://localhost:${port}/api/ready`)).ok) return resolve(child);
      } catch {
        // not up yet
      }
      if (Date.now() > deadline || child.exitCode !== null) return reject(new Error("server did not start"));
      setTimeout(() => void poll(), 100);
    };
    void poll();
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}
