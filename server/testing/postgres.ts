import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./free-port";

const run = promisify(execFile);

export type TestPostgres = {
  /** postgres://postgres@127.0.0.1:PORT/releaseboard, an empty database. */
  url: string;
  /** Where the cluster lives: data/, its log and its socket. */
  dir: string;
  /** Stops the server and removes the folder. */
  stop: () => Promise<void>;
  /** Stops the server as a crash or fail-over would (`-m immediate`), keeping its data: connections drop. */
  halt: () => Promise<void>;
  /** Starts it again on the same port and data after `halt`. */
  resume: () => Promise<void>;
};

/** The folder holding initdb, pg_ctl and postgres: on PATH, or Debian's /usr/lib/postgresql/N/bin (newest). */
export function findPostgresBin(): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const initdb = path.join(dir, "initdb");
    if (fs.existsSync(initdb)) return path.dirname(fs.realpathSync(initdb));
  }
  const debian = "/usr/lib/postgresql";
  const versions = fs.existsSync(debian)
    ? fs
        .readdirSync(debian)
        .filter((v) => fs.existsSync(path.join(debian, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? path.join(debian, versions[0], "bin") : null;
}

/** initdb and postgres refuse to run as root: as root, they run as the `postgres` OS user. */
function asClusterOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  const uid = id("-u");
  const gid = id("-g");
  if (!Number.isInteger(uid) || uid <= 0)
    throw new Error("running as root, and there is no `postgres` user to run Postgres as");
  return { uid, gid };
}

async function runAs(owner: { uid: number; gid: number } | null, command: string, args: string[]) {
  try {
    if (!owner) return await run(command, args, { timeout: 120_000 });
    if (fs.existsSync("/usr/sbin/runuser") || fs.existsSync("/sbin/runuser")) {
      return await run("runuser", ["-u", "postgres", "--", command, ...args], { timeout: 120_000 });
    }
    const quoted = [command, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
    return await run("su", ["postgres", "-s", "/bin/sh", "-c", quoted], { timeout: 120_000 });
  } catch (error) {
    const failure = error as Error & { stderr?: string; stdout?: string };
    throw new Error(`${path.basename(command)} failed: ${failure.stderr || failure.stdout || failure.message}`);
  }
}

/**
 * A throwaway Postgres cluster for a test file (README: Postgres): initdb in a temporary folder,
 * the server on a free port of 127.0.0.1 and a socket in that folder, fsync off (the data is thrown
 * away; `durable` keeps Postgres' flushing, for benchmarks), and an empty database `releaseboard`.
 * Each call has its own folder and port, so test files running at once each start their own.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("Postgres is not installed: no initdb on PATH or in /usr/lib/postgresql/*/bin");
  const owner = asClusterOwner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-pg-"));
  const data = path.join(dir, "data");
  const log = path.join(dir, "postgres.log");
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const pgCtl = path.join(bin, "pg_ctl");
  let started = false;
  const stop = async () => {
    if (started) await runAs(owner, pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
    started = false;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await runAs(owner, path.join(bin, "initdb"), [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--no-locale",
      "--no-sync",
    ]);
    // Another test file may take the port between freePort and the server's bind: try again with another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const settings = [
        `-p ${port}`,
        "-h 127.0.0.1",
        `-k ${dir}`,
        // Benchmarks keep Postgres' defaults: every commit flushed, as SQLite's synchronous=FULL does.
        ...(options.durable
          ? ["-c shared_buffers=128MB"]
          : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c shared_buffers=32MB"]),
        "-c max_connections=100",
      ].join(" ");
      try {
        await runAs(owner, pgCtl, ["-D", data, "-l", log, "-w", "-t", "120", "-o", settings, "start"]);
        started = true;
      } catch (error) {
        const inUse = fs.existsSync(log) && /could not bind|Address already in use/.test(fs.readFileSync(log, "utf8"));
        if (!inUse || attempt >= 5) throw error;
        continue;
      }
      const admin = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
      await admin.connect();
      try {
        await admin.query("create database releaseboard");
      } finally {
        await admin.end();
      }
      const halt = async () => {
        await runAs(owner, pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"]);
        started = false;
      };
      const resume = async () => {
        await runAs(owner, pgCtl, ["-D", data, "-l", log, "-w", "-t", "120", "-o", settings, "start"]);
        started = true;
      };
      return { url: `postgres://postgres@127.0.0.1:${port}/releaseboard`, dir, stop, halt, resume };
    }
  } catch (error) {
    const tail = fs.existsSync(log) ? `\n${fs.readFileSync(log, "utf8").slice(-2000)}` : "";
    await stop();
    throw new Error(`could not start a test Postgres: ${(error as Error).message}${tail}`);
  }
}
