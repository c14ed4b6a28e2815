import os from "node:os";
import { execSync } from "node:child_process";
import { ensureFreshBuild } from "../server/demo/build-freshness";
import { benchResults, benchResultsHistory } from "./results";
import { benchBoard } from "./board";
import { benchJUnit } from "./junit";
import { benchLive } from "./live";
import { benchBoardBrowser } from "./board-browser";
import { benchOrganisation, organisation } from "./organisation";
import { benchHistory, benchOrganisationInsights, fullYear } from "./history";
import { benchStartup } from "./startup";
import { benchReleaseDay } from "./release-day";
import { benchAuditWrite } from "./audit-write";
import { benchPostgres } from "./postgres";

/**
 * `npm run bench`: the figures of BENCHMARKS.md against the production build, each
 * on a fresh database. `-- --quick` for a short smoke run; `-- --only=results,live` to pick
 * (`results-history` is the one-release growth run).
 */
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");
const wanted = (name: string) => !only || only.includes(name);

type Row = [string, string, string, string];
const streamsPerPersonLabel = "21";
const rows: Row[] = [];
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");

function machine() {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  let disk = "";
  try {
    disk = execSync("df -h --output=source,fstype / | tail -1", { encoding: "utf8" }).trim();
  } catch {
    // not Linux
  }
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}${disk ? `, / on ${disk}` : ""}`;
}

async function main() {
  ensureFreshBuild();
  console.log(`Machine: ${machine()}\n`);

  if (wanted("results")) {
    const seconds = quick ? 3 : 10;
    const rounds = quick ? 1 : 2;
    console.log(`1. Result webhooks: autocannon, 10 connections, ${seconds} s per run, ${rounds} alternating rounds…`);
    const r = await benchResults(seconds, rounds);
    const ofHealth = r.results.rps / r.health.rps;
    const ofBare = r.results.rps / r.bare.rps;
    const gatedOfBare = r.gated.rps / r.bare.rps;
    rows.push([
      "POST …/results, gate-evaluating path",
      `${r.gated.rps.toFixed(0)} req/s · p50 ${ms(r.gated.p50)} · p99 ${ms(r.gated.p99)}`,
      "≥ 30 % of bare; p99 ≤ 40 ms",
      `${verdict(gatedOfBare >= 0.3)} (${(gatedOfBare * 100).toFixed(0)} %); ${verdict(r.gated.p99 <= 40)}`,
    ]);
    rows.push([
      "POST …/results, nothing auto-promotes",
      `${r.results.rps.toFixed(0)} req/s · p50 ${ms(r.results.p50)} · p99 ${ms(r.results.p99)}`,
      "≥ 70 % of health; p99 ≤ 60 ms",
      `${verdict(ofHealth >= 0.7)} (${(ofHealth * 100).toFixed(0)} %); ${verdict(r.results.p99 <= 60)}`,
    ]);
    rows.push([
      "GET /api/health (same server)",
      `${r.health.rps.toFixed(0)} req/s · p50 ${ms(r.health.p50)} · p99 ${ms(r.health.p99)}`,
      "framework floor",
      "",
    ]);
    rows.push([
      "bare node:http + zod + insert",
      `${r.bare.rps.toFixed(0)} req/s · p50 ${ms(r.bare.p50)} · p99 ${ms(r.bare.p99)}`,
      "machine limit",
      `results at ${(ofBare * 100).toFixed(0)} % of it`,
    ]);
    const failed = r.results.non2xx + r.gated.non2xx + r.health.non2xx + r.bare.non2xx;
    if (failed > 0) rows.push(["non-2xx or errors", String(failed), "0", "check"]);
  }
  if (wanted("results-history")) {
    const seconds = quick ? 3 : 8;
    console.log(`1b. Results on one release while its history grows to 100,000 results, ${seconds} s per window…`);
    const windows = await benchResultsHistory(seconds);
    const first = windows[0]!;
    for (const w of windows) {
      const ofFirst = w.run.rps / first.run.rps;
      const ofBare = w.run.rps / w.bare.rps;
      const normalised = ofBare / (first.run.rps / first.bare.rps);
      rows.push([
        `  one release at ${w.results.toLocaleString("en")} results`,
        `${w.run.rps.toFixed(0)} req/s · p99 ${ms(w.run.p99)} · bare ${w.bare.rps.toFixed(0)} req/s (${(ofBare * 100).toFixed(0)} %)`,
        "flat within 10 %",
        w === first
          ? "reference window"
          : `${(ofFirst * 100).toFixed(0)} % of the first; ${(normalised * 100).toFixed(0)} % of it against bare (${verdict(Math.max(ofFirst, normalised) >= 0.9)})`,
      ]);
    }
  }
  if (wanted("board")) {
    const iterations = quick ? 30 : 200;
    console.log(`2. Board at scale: 5,000 releases (500 active), 200,000 results, ${iterations} calls each…`);
    const b = await benchBoard(iterations);
    rows.push([
      `board procedure (${b.cards} cards)`,
      `p50 ${ms(b.board.p50)} · p99 ${ms(b.board.p99)}`,
      "≤ 20 ms",
      `p50 ${verdict(b.board.p50 <= 20)}; p99 ${verdict(b.board.p99 <= 20)}`,
    ]);
    rows.push(["release procedure", `p50 ${ms(b.release.p50)} · p99 ${ms(b.release.p99)}`, "", ""]);
    rows.push([
      "activity page, deep cursor, filtered (100k)",
      `p50 ${ms(b.activity.p50)} · p99 ${ms(b.activity.p99)}`,
      "fast at 100,000",
      "",
    ]);
  }
  if (wanted("junit")) {
    console.log("3. JUnit: a generated report just under 20 MiB…");
    const j = await benchJUnit(quick ? 1 : 5);
    rows.push([
      `JUnit ingest (${j.mib.toFixed(1)} MiB, ${j.cases.toLocaleString("en")} cases)`,
      `median ${ms(j.medianMs)} · max ${ms(j.maxMs)}; recorded ${j.recordedTests} tests, ${j.recordedFailures} failures`,
      "≤ 2 s",
      verdict(j.maxMs <= 2000),
    ]);
    rows.push([
      `  /api/health while reports are ingested (${j.ingestedDuringHealth} reports)`,
      `p50 ${ms(j.healthDuring.p50)} · p99 ${ms(j.healthDuring.p99)}`,
      "p99 ≤ 50 ms",
      verdict(j.healthDuring.p99 <= 50),
    ]);
    rows.push([
      "  /api/health, same load, no report (reference)",
      `p50 ${ms(j.healthAlone.p50)} · p99 ${ms(j.healthAlone.p99)}`,
      "",
      "",
    ]);
    rows.push([
      "  server peak memory growth",
      j.peakGrowthMiB === null ? "n/a (no /proc)" : `${j.peakGrowthMiB.toFixed(0)} MiB`,
      "",
      "",
    ]);
  }
  if (wanted("live")) {
    const results = quick ? 10 : 50;
    console.log(`4. Live updates: ${results} results, 2xx → visible on an open board…`);
    const l = await benchLive(results);
    rows.push([
      `live update (${l.n} results)`,
      `p50 ${ms(l.p50)} · p95 ${ms(l.p95)} · max ${ms(l.p99)}`,
      "p95 ≤ 100 ms",
      verdict(l.p95 <= 100),
    ]);
  }
  if (wanted("release-day")) {
    const seconds = quick ? 5 : 10;
    const streams = quick ? 500 : 2000;
    console.log(
      `4b. A release day: 1, 20, 100, 200 viewers over SSE while CI posts 10 results/s (${seconds} s each); ${streams} idle streams…`,
    );
    const d = await benchReleaseDay({ seconds, viewerCounts: [1, 20, 100, 200], streams });
    for (const r of d.rows) {
      const atTarget = r.viewers === 200;
      rows.push([
        `release day: ${r.viewers} viewer${r.viewers === 1 ? "" : "s"}, ${r.resultsPerSecond.toFixed(1)} results/s`,
        `POST p50 ${ms(r.post.p50)} · p99 ${ms(r.post.p99)} · health p99 ${ms(r.health.p99)} · ` +
          `${r.refetchesPerSecond.toFixed(0)} refetches/s · event → fresh board p50 ${ms(r.freshness.p50)} · ` +
          `p95 ${ms(r.freshness.p95)} · commit → board at viewer p50 ${ms(r.lag.p50)} · p95 ${ms(r.lag.p95)} · ` +
          `${r.computationsPerSecond.toFixed(1)} boards computed/s for ` +
          `${r.changesPerSecond.toFixed(1)} changes/s · ${r.updatesPerViewer.toFixed(0)} updates/viewer · ` +
          `${r.patchesPerViewer.toFixed(0)} patched/viewer` +
          (r.post.non2xx ? ` · ${r.post.non2xx} non-2xx` : ""),
        atTarget ? "POST p99 ≤ 100 ms; health ≤ 50 ms; fresh p95 ≤ 250 ms; computed ≤ changes" : "",
        atTarget
          ? [
              verdict(r.post.p99 <= 100),
              verdict(r.health.p99 <= 50),
              verdict(r.freshness.p95 <= 250),
              verdict(r.computationsPerSecond <= r.changesPerSecond),
            ].join("; ")
          : "",
      ]);
    }
    const s = d.streams;
    rows.push([
      `  idle streams held (${s.asked} asked, 20 per person)`,
      `${s.opened} open · RSS ${s.baselineMiB.toFixed(0)} → ${s.heldMiB.toFixed(0)} MiB · ` +
        `${s.perStreamKiB.toFixed(0)} KiB per stream · one change reached all in ${ms(s.fanOutMs)}`,
      "2,000 within 200 MiB",
      verdict(s.opened >= 2000 && s.heldMiB - s.baselineMiB <= 200),
    ]);
    rows.push([
      `  stream ${streamsPerPersonLabel} for one person`,
      s.refusedExtra || "not refused",
      "refused",
      verdict(!!s.refusedExtra),
    ]);
  }
  if (wanted("board-ui")) {
    const lifts = quick ? 5 : 20;
    console.log(`5. The scale board in Chromium: load, and ${lifts} keyboard lifts…`);
    const u = await benchBoardBrowser(lifts);
    rows.push([`board page load (500 active, ${u.rendered} rendered)`, `p50 ${ms(u.load.p50)}`, "", ""]);
    rows.push(["  keyboard lift → announced", `p50 ${ms(u.lift.p50)} · p95 ${ms(u.lift.p95)}`, "smooth", ""]);
    rows.push(["  over next column → announced", `p50 ${ms(u.over.p50)} · p95 ${ms(u.over.p95)}`, "smooth", ""]);
  }

  if (wanted("organisation")) {
    const iterations = quick ? 20 : 100;
    console.log(
      `6. An organisation: ${organisation.projects} projects × ${organisation.environments} environments × ${organisation.activePerProject} active releases…`,
    );
    const o = await benchOrganisation(iterations, quick ? 2 : 5);
    rows.push([
      `overview procedure (${o.cells} cells), nothing changed`,
      `p50 ${ms(o.overview.p50)} · p99 ${ms(o.overview.p99)}`,
      "≤ 50 ms",
      verdict(o.overview.p99 <= 50),
    ]);
    rows.push([
      "  overview, every project summarised again (cold)",
      `p50 ${ms(o.overviewCold.p50)} · p99 ${ms(o.overviewCold.p99)}`,
      "",
      "",
    ]);
    rows.push([
      `sign-off inbox procedure (${o.inboxItems} waiting)`,
      `p50 ${ms(o.inbox.p50)} · p99 ${ms(o.inbox.p99)}`,
      "≤ 50 ms",
      verdict(o.inbox.p99 <= 50),
    ]);
    rows.push([
      "  inbox after a change to one project",
      `p50 ${ms(o.inboxOneChanged.p50)} · p99 ${ms(o.inboxOneChanged.p99)}`,
      "≤ 50 ms",
      verdict(o.inboxOneChanged.p99 <= 50),
    ]);
    rows.push([
      "  inbox after a change to every project (cold)",
      `p50 ${ms(o.inboxAllChanged.p50)} · p99 ${ms(o.inboxAllChanged.p99)}`,
      "",
      "",
    ]);
    rows.push([
      "overview page in Chromium, to the last project",
      `p50 ${ms(o.page.p50)}`,
      "≤ 1.5 s",
      verdict(o.page.p50 <= 1500),
    ]);
  }
  if (wanted("audit-write")) {
    const count = quick ? 1_000 : 10_000;
    console.log(
      `7a. The audit chain on the write path: ${count.toLocaleString("en")} gated results in a row, in process…`,
    );
    const a = await benchAuditWrite(count);
    rows.push([
      "audit chain on the gated result's write path (in process)",
      `${a.withChain.toFixed(0)} results/s with the chain · ${a.bare.toFixed(0)} without its steps (${a.chainMicrosPerEntry.toFixed(1)} µs × ${a.entriesPerResult.toFixed(1)} entries per result)`,
      "≤ 5 % more",
      `${verdict(a.cost <= 0.05)} (${(a.cost * 100).toFixed(1)} %)`,
    ]);
  }
  if (wanted("history")) {
    const iterations = quick ? 20 : 100;
    const fraction = quick ? 0.1 : 1;
    console.log(
      `7. A year of history${quick ? " (a tenth of it, --quick)" : ""}: ${(fullYear.results * fraction).toLocaleString("en")} results, ${(fullYear.transitions * fraction).toLocaleString("en")} transitions, ${(fullYear.activity * fraction).toLocaleString("en")} activity entries…`,
    );
    const h = await benchHistory(iterations, fraction);
    const year = h.year;
    rows.push([
      `board computed (${year.active} active of ${year.releases.toLocaleString("en")}), as after a change`,
      `p50 ${ms(h.boardComputed.p50)} · p99 ${ms(h.boardComputed.p99)}`,
      "p99 ≤ 20 ms",
      verdict(h.boardComputed.p99 <= 20),
    ]);
    rows.push([
      "  board procedure, nothing changed (the snapshot served)",
      `p50 ${ms(h.board.p50)} · p99 ${ms(h.board.p99)}`,
      "",
      "",
    ]);
    rows.push([
      "release procedure",
      `p50 ${ms(h.release.p50)} · p99 ${ms(h.release.p99)}`,
      "≤ 10 ms",
      verdict(h.release.p99 <= 10),
    ]);
    rows.push([
      `activity page, worst of 4 depths (to ${Math.round(year.activity * 0.998).toLocaleString("en")})`,
      `p50 ${ms(h.activity.p50)} · p99 ${ms(h.activity.p99)}`,
      "≤ 10 ms",
      verdict(h.activity.p99 <= 10),
    ]);
    rows.push([
      "  filtered by actor, at the deepest",
      `p50 ${ms(h.activityFiltered.p50)} · p99 ${ms(h.activityFiltered.p99)}`,
      "≤ 10 ms",
      verdict(h.activityFiltered.p99 <= 10),
    ]);
    rows.push([
      `CSV export, all ${h.exportRows.toLocaleString("en")} rows (${h.exportMiB.toFixed(0)} MiB)`,
      `${h.exportRowsPerSecond.toFixed(0)} rows/s · RSS growth ${h.exportPeakGrowthMiB.toFixed(0)} MiB`,
      "≥ 50,000 rows/s, flat memory",
      verdict(h.exportRowsPerSecond >= 50_000),
    ]);
    rows.push([
      "board as it stood a week / a month ago (getBoardAt)",
      `p50 ${ms(h.boardAtWeek.p50)} · p99 ${ms(h.boardAtWeek.p99)} / p99 ${ms(h.boardAtMonth.p99)}`,
      "≤ 50 ms",
      verdict(h.boardAtMonth.p99 <= 50),
    ]);
    rows.push([
      "insights of the project over the year",
      `p50 ${ms(h.insights.p50)} · p99 ${ms(h.insights.p99)}`,
      "≤ 100 ms",
      verdict(h.insights.p99 <= 100),
    ]);
    rows.push([
      `audit chain: seal ${h.audit.sealed.toLocaleString("en")} entries / verify ${h.audit.verified.toLocaleString("en")}`,
      `${h.audit.sealSeconds.toFixed(1)} s / ${h.audit.verifySeconds.toFixed(1)} s (${((h.audit.verifySeconds * 1e6) / Math.max(1, h.audit.verified)).toFixed(1)} s per million)`,
      "verify ≤ 10 s per million",
      verdict((h.audit.verifySeconds * 1e6) / Math.max(1, h.audit.verified) <= 10),
    ]);
    const o = await benchOrganisationInsights(quick ? 8 : 40, fraction);
    rows.push([
      `organisation insights, ${o.projects} projects × a year (${o.moves.toLocaleString("en")} moves), cold`,
      `p50 ${ms(o.cold.p50)} · p99 ${ms(o.cold.p99)}`,
      "≤ 500 ms",
      verdict(o.cold.p99 <= 500),
    ]);
    rows.push([
      "  the same while nothing changed",
      `p50 ${ms(o.warm.p50)} · p99 ${ms(o.warm.p99)}`,
      "≤ 50 ms",
      verdict(o.warm.p99 <= 50),
    ]);
    rows.push(["database file (with WAL)", `${h.fileMiB.toFixed(0)} MiB`, "reported", ""]);
    rows.push(["db backup of it", `${h.backupSeconds.toFixed(1)} s`, "reported", ""]);
    rows.push(["  seeding it (plain inserts, one transaction)", `${h.seedSeconds.toFixed(0)} s`, "", ""]);
  }
  if (wanted("startup")) {
    console.log("8. Start-up, footprint, first-load JavaScript, the command line…");
    const s = await benchStartup(quick ? 2 : 5);
    rows.push([
      "process start → /api/ready (migrated database)",
      `p50 ${ms(s.start.p50)} · max ${ms(s.start.p99)}`,
      "≤ 3 s",
      verdict(s.start.p99 <= 3000),
    ]);
    rows.push([
      "idle RSS after serving one board",
      s.idleRssMiB === null ? "n/a" : `${s.idleRssMiB.toFixed(0)} MiB`,
      "reported",
      "",
    ]);
    rows.push([
      `board page first-load JS (${s.firstLoad.files} files)`,
      `${s.firstLoad.gzipKiB.toFixed(0)} KiB gzip (${s.firstLoad.rawKiB.toFixed(0)} KiB raw)`,
      "≤ 250 KiB gzip",
      verdict(s.firstLoad.gzipKiB <= 250),
    ]);
    rows.push([
      "CLI: releaseboard --version / user list",
      `p50 ${ms(s.cli.version.p50)} / ${ms(s.cli.userList.p50)}`,
      "< 1 s",
      verdict(s.cli.version.p99 < 1000 && s.cli.userList.p99 < 1000),
    ]);
    rows.push([
      "  through npx (npm's own start included)",
      `p50 ${ms(s.cli.npxVersion.p50)} / ${ms(s.cli.npxUserList.p50)}`,
      "< 1 s",
      verdict(s.cli.npxVersion.p50 < 1000 && s.cli.npxUserList.p50 < 1000),
    ]);
  }

  // Last: from here on this process's queries are Postgres' (db/schema), so nothing on SQLite may follow.
  if (wanted("postgres")) {
    const seconds = quick ? 3 : 10;
    console.log(`8. Postgres beside SQLite: gated results for ${seconds} s each, one and two instances; the board…`);
    const p = await benchPostgres(seconds);
    const run = (r: { rps: number; p50: number; p99: number }) =>
      `${r.rps.toFixed(0)} req/s · p50 ${ms(r.p50)} · p99 ${ms(r.p99)}`;
    rows.push(["gated POST …/results, SQLite, one instance (reference)", run(p.sqlite), "", ""]);
    rows.push([
      "the same, Postgres, one instance",
      run(p.one),
      "",
      `${((p.one.rps / p.sqlite.rps) * 100).toFixed(0)} % of SQLite`,
    ]);
    rows.push([
      "the same, Postgres, two instances at once (sum)",
      run(p.two),
      "",
      `${((p.two.rps / p.one.rps) * 100).toFixed(0)} % of one instance; ${p.two.non2xx} non-2xx`,
    ]);
    rows.push([
      "board (200 active releases), SQLite, in process",
      `p50 ${ms(p.sqliteBoard.p50)} · p99 ${ms(p.sqliteBoard.p99)}`,
      "",
      "",
    ]);
    rows.push(["the same, Postgres", `p50 ${ms(p.postgresBoard.p50)} · p99 ${ms(p.postgresBoard.p99)}`, "", ""]);
  }

  const header: Row = ["benchmark", "figure", "target", "verdict"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: Row) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(`\n${line(header)}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|\n${rows.map(line).join("\n")}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
