import { first } from "../../db/client";
import { count, eq } from "drizzle-orm";
import { readTransaction, writeTransaction, type Db, type Queryable } from "../../db/client";
import { projects, releases, users } from "../../db/schema";
import { hashPassword } from "../auth/password";
import { insertUser } from "../services/add-user";
import type { Actor } from "../domain/permissions";
import type { PipelineFileInput } from "../domain/pipeline-file";
import type { ServiceContext } from "../services/context";
import { applyPipeline } from "../services/apply-pipeline";
import { createRelease } from "../services/create-release";
import { lockEnvironment } from "../services/lock-environment";
import { moveRelease } from "../services/move-release";
import { recordCheckResult, type RecordCheckResultInput } from "../services/record-check-result";
import { setTaskDone } from "../services/set-task-done";
import { signOff } from "../services/sign-off";
import { runScheduledPromotions } from "../services/run-scheduled-promotions";
import { reportDeployment } from "../services/report-deployment";
import { exportPipeline } from "../queries/pipeline";
import { loadPipeline } from "../engine";

/** Where the demo's pretend deploy system listens (server/demo/deployer.ts), on the demo's own port. */
export const demoDeployerPath = "/demo/deployer";
export const demoDeployerUrl = (port: number) => `http://localhost:${port}${demoDeployerPath}`;

export const demoPeople = {
  admin: { type: "user", id: "demo-admin", name: "Ada Admin", role: "admin" },
  manager: { type: "user", id: "demo-rm", name: "Rita Patel", role: "release_manager" },
  ana: { type: "user", id: "demo-bo-ana", name: "Ana Ortiz", role: "business_owner" },
  ben: { type: "user", id: "demo-bo-ben", name: "Ben Okafor", role: "business_owner" },
  viewer: { type: "user", id: "demo-viewer", name: "Vic Viewer", role: "viewer" },
} as const satisfies Record<string, Actor>;

/** Shown on the login page in demo mode only. */
export const demoPassword = "releaseboard-demo";
export const demoAccounts = Object.values(demoPeople).map((p) => ({
  id: p.id,
  name: p.name,
  role: p.role,
  email: `${p.name.split(" ")[0]!.toLowerCase()}@demo.releaseboard.dev`,
}));

let demoHash: Promise<string> | undefined;

export const demoPipelines: PipelineFileInput[] = [
  {
    project: "checkout",
    name: "Checkout service",
    environments: [
      { slug: "dev", name: "Development", autoPromote: true },
      { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["unit", "lint"] },
      { slug: "staging", name: "Staging", autoPromote: true, requiredChecks: ["e2e"] },
      {
        slug: "production",
        name: "Production",
        autoPromote: true,
        requiredChecks: ["smoke"],
        requiredSignoffs: 2,
        freezeWindows: [
          { weekly: ["fri"], from: "15:00", to: "23:59", timeZone: "Europe/London", reason: "No Friday deploys" },
        ],
      },
    ],
  },
  {
    project: "search-api",
    name: "Search API",
    environments: [
      { slug: "dev", name: "Development", autoPromote: true },
      { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["unit"] },
      { slug: "canary", name: "Canary", autoPromote: true, requiredChecks: ["integration"], capacity: 1 },
      {
        slug: "production",
        name: "Production",
        autoPromote: true,
        requiredChecks: ["canary-health"],
        minSoakMinutes: 30,
      },
    ],
  },
  {
    project: "billing",
    name: "Billing",
    environments: [
      { slug: "dev", name: "Development" },
      { slug: "qa", name: "QA", requiredChecks: ["unit"] },
      { slug: "uat", name: "UAT", requiredChecks: ["regression"] },
      { slug: "staging", name: "Staging", requiredChecks: ["regression"] },
      {
        slug: "production",
        name: "Production",
        requiredChecks: ["smoke"],
        requiredSignoffs: 1,
        manualTasks: ["Notify support", "Update the change log"],
      },
    ],
  },
];

const authors = ["Mia Chen", "Luis Romero", "Priya Nair", "Tom Becker", "Sara Kim"];
const topics = [
  "Retry card payments on timeout",
  "Show delivery estimate at checkout",
  "Upgrade TLS library",
  "Fix rounding of VAT on discounts",
  "Faster autocomplete for long queries",
  "Log slow database queries",
  "Add Apple Pay",
  "Cache exchange rates for 5 minutes",
  "Accessible error messages on forms",
  "Remove legacy coupon endpoint",
];

/** A tiny deterministic generator, so the demo is the same on every machine. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const sha = (project: string, n: number) =>
  Array.from(
    { length: 40 },
    (_, i) => "0123456789abcdef"[(project.length * 7 + n * 13 + i * 5 + ((n * i) % 11)) % 16],
  ).join("");

/**
 * Seeds three projects with a believable fortnight of history, made through the same
 * verbs the app uses so every row obeys the promotion rules. Does nothing when the
 * projects already have releases.
 */
export async function seedDemo(db: Db, end = new Date()): Promise<{ seeded: boolean; releases: number }> {
  // Password hashing is slow on purpose; do it once, before the synchronous transaction.
  const passwordHash = await (demoHash ??= hashPassword(demoPassword));
  // One transaction for the whole seed: it lands entirely or not at all, with one sync
  // to disk instead of hundreds. The verbs' own transactions become savepoints inside it.
  return writeTransaction(db, async (tx) => seedInside(tx, end, passwordHash));
}

/**
 * From here on, entering `environment` deploys through the demo deployer: its history
 * happened before, so the release live there now is recorded as deployed.
 */
async function deployFromNowOn(db: Queryable, slug: string, environment: string, ctx: ServiceContext) {
  const project = (await first(db.select().from(projects).where(eq(projects.slug, slug))))!;
  const file = await readTransaction(db, async (tx) => exportPipeline(tx, project, await loadPipeline(tx, project.id)));
  const environments = file.environments.map((e) =>
    e.slug === environment ? { ...e, deploy: { webhook: { url: demoDeployerUrl(3000) } } } : e,
  );
  await applyPipeline({ ctx, input: { ...file, environments } });
  const target = (await loadPipeline(db, project.id)).find((e) => e.slug === environment)!;
  const live = (await db.select().from(releases).where(eq(releases.environmentId, target.id))).filter(
    (r) => r.state === "active",
  );
  const deployer: Actor = {
    type: "token",
    id: "demo-deployer",
    name: "Demo deployer",
    projectId: project.id,
    scope: "deploy",
  };
  for (const release of live) {
    await reportDeployment({
      ctx: { ...ctx, actor: deployer },
      input: {
        project: slug,
        version: release.version,
        environment,
        status: "succeeded",
        description: "Deployed before deploy targets were set up",
      },
    });
  }
}

async function seedInside(
  db: Queryable,
  end: Date,
  passwordHash: string,
): Promise<{ seeded: boolean; releases: number }> {
  const existing = (await first(db.select({ n: count() }).from(releases)))?.n ?? 0;
  if (existing > 0 && (await first(db.select().from(projects).where(eq(projects.slug, "checkout"))))) {
    return { seeded: false, releases: existing };
  }
  const random = sequence(42);
  // Start on a Monday (UTC) at least 14 days back, so weekly freeze windows fall on the
  // same steps of the history whatever day the demo is seeded.
  const fortnightAgo = new Date(end.getTime() - 14 * 24 * 3_600_000);
  const start = Date.UTC(
    fortnightAgo.getUTCFullYear(),
    fortnightAgo.getUTCMonth(),
    fortnightAgo.getUTCDate() - ((fortnightAgo.getUTCDay() + 6) % 7),
  );
  let now = start;
  const as = (actor: Actor): ServiceContext => ({ db, actor, now: () => new Date(now) });

  for (const account of demoAccounts) {
    if (!(await first(db.select({ id: users.id }).from(users).where(eq(users.email, account.email))))) {
      await insertUser(as(demoPeople.admin), { ...account, password: demoPassword }, passwordHash);
    }
  }
  for (const pipeline of demoPipelines) await applyPipeline({ ctx: as(demoPeople.admin), input: pipeline });
  const projectIds = new Map((await db.select().from(projects)).map((p) => [p.slug, p.id]));

  // Each project's history runs over the same fortnight. A history yields the minutes it waits; the
  // driver below always resumes the project whose clock is earliest, so the activity log (ordered by
  // entry) reads in time order across projects, as if it had happened with the server running.
  let current = "";
  let ci: Actor = demoPeople.admin;
  const ciOf = (slug: string): Actor => ({
    type: "token",
    id: `demo-ci-${slug}`,
    name: "GitHub Actions",
    projectId: projectIds.get(slug)!,
    scope: "report",
  });
  type History = AsyncGenerator<number, void, void>;

  const check = async (input: Omit<RecordCheckResultInput, "status"> & { status?: RecordCheckResultInput["status"] }) =>
    await recordCheckResult({ ctx: as(ci), input: { status: "passed", ...input } });

  const newRelease = async (project: string, n: number, version: string) => {
    const changes = [0, 1, 2].map((k) => {
      const topic = topics[(n * 3 + k) % topics.length]!;
      return {
        id: `${project.toUpperCase().slice(0, 3)}-${100 + n * 3 + k}`,
        title: topic,
        author: authors[(n + k) % authors.length],
      };
    });
    await createRelease({
      ctx: as(ci),
      input: {
        project,
        version,
        commitSha: sha(project, n),
        branch: "main",
        url: `https://ci.example.com/${project}/builds/${1000 + n}`,
        notes: `## ${version}\n\n${changes.map((c) => `- ${c.title} (${c.id})`).join("\n")}`,
        changes,
      },
    });
  };

  // Checkout: continuous delivery, two business owners sign off before Production.
  // Its waits draw from the seed's first random sequence, as when the projects ran one after another.
  async function* checkout(random: () => number): History {
    for (let n = 0; n < 14; n++) {
      const version = `2.${n}.0`;
      await newRelease("checkout", n, version);
      yield 20;
      await check({
        project: "checkout",
        version,
        environment: "dev",
        check: "unit",
        tests: 412,
        failures: 0,
        durationMs: 48_000,
      });
      if (n === 12) {
        await check({
          project: "checkout",
          version,
          environment: "dev",
          check: "lint",
          status: "failed",
          tests: 1,
          failures: 1,
          summary: "1 lint error",
          failingCases: [
            {
              name: "no-floating-promises",
              className: "src/payments/retry.ts",
              kind: "failure",
              message: "Promise returned by retryPayment is not awaited",
            },
          ],
        });
        yield 600;
        continue;
      }
      await check({ project: "checkout", version, environment: "dev", check: "lint" });
      yield 45;
      if (n === 13) break; // waits in QA for its e2e run
      const e2eFails = n === 9;
      await check({
        project: "checkout",
        version,
        environment: "qa",
        check: "e2e",
        status: e2eFails ? "failed" : "passed",
        tests: 86,
        failures: e2eFails ? 2 : 0,
        durationMs: 610_000,
        ...(e2eFails
          ? {
              summary: "2 of 86 tests failed",
              failingCases: [
                {
                  name: "pays with a saved card",
                  className: "checkout.e2e.PaymentSpec",
                  kind: "failure",
                  message: "Expected 'Order confirmed' but saw 'Payment declined'",
                },
                {
                  name: "applies a 10% coupon",
                  className: "checkout.e2e.CouponSpec",
                  kind: "failure",
                  message: "Timeout 30000ms exceeded waiting for total to update",
                },
              ],
            }
          : {}),
      });
      if (e2eFails) {
        yield 300;
        continue;
      }
      yield 90;
      await check({ project: "checkout", version, environment: "staging", check: "smoke", tests: 12 });
      if (n >= 11) break; // the newest ones wait in Staging for sign-off
      yield 60 + Math.floor(random() * 120);
      await signOff({
        ctx: as(demoPeople.ana),
        input: { project: "checkout", version, environment: "production", decision: "approve" },
      });
      yield 30;
      if (n === 6) {
        await signOff({
          ctx: as(demoPeople.ben),
          input: {
            project: "checkout",
            version,
            environment: "production",
            decision: "reject",
            comment: "Wait for the marketing launch on Monday",
          },
        });
        yield 2 * 24 * 60;
      }
      await signOff({
        ctx: as(demoPeople.ben),
        input: { project: "checkout", version, environment: "production", decision: "approve" },
      });
      yield 300 + Math.floor(random() * 400);
    }
    // 2.11.0 has one of its two sign-offs.
    await signOff({
      ctx: as(demoPeople.ana),
      input: { project: "checkout", version: "2.11.0", environment: "production", decision: "approve" },
    });
  }

  // Search API: continuous deployment, nobody in the loop.
  async function* searchApi(random: () => number): History {
    for (let n = 0; n < 16; n++) {
      const version = `1.${40 + n}.${n % 3}`;
      await newRelease("search-api", n, version);
      yield 15;
      await check({ project: "search-api", version, environment: "dev", check: "unit", tests: 230 });
      if (n === 15) break;
      yield 25;
      await check({ project: "search-api", version, environment: "qa", check: "integration", tests: 58 });
      yield 40;
      if (n === 14) break; // in canary, soaking
      await check({ project: "search-api", version, environment: "canary", check: "canary-health" });
      yield 200 + Math.floor(random() * 300);
    }
    await deployFromNowOn(db, "search-api", "production", as(demoPeople.admin));
  }

  // Billing: every step by hand, tasks ticked before Production.
  const billing = ["5.2.0", "5.3.0", "5.3.1", "5.4.0", "5.5.0", "5.6.0", "5.7.0", "5.8.0", "5.9.0", "6.0.0"];
  const billingPath = ["qa", "uat", "staging", "production"];
  async function* billingHistory(): History {
    for (const [n, version] of billing.entries()) {
      await newRelease("billing", n, version);
      yield 60;
      await check({ project: "billing", version, environment: "dev", check: "unit" });
      const stops = [4, 4, 4, 4, 4, 4, 3, 2, 1, 0][n]!;
      for (let step = 0; step < stops; step++) {
        const to = billingPath[step]!;
        if (to === "production") {
          await signOff({
            ctx: as(demoPeople.ana),
            input: { project: "billing", version, environment: "production", decision: "approve" },
          });
          for (const task of ["Notify support", "Update the change log"]) {
            await setTaskDone({
              ctx: as(demoPeople.manager),
              input: { project: "billing", version, environment: "production", task, done: true },
            });
          }
        }
        await moveRelease({ ctx: as(demoPeople.manager), input: { project: "billing", version, to } });
        yield 120;
        if (to === "qa" || to === "uat")
          await check({ project: "billing", version, environment: to, check: "regression", tests: 1400 });
        if (to === "staging") await check({ project: "billing", version, environment: "staging", check: "smoke" });
      }
      if (n === 3) {
        await moveRelease({
          ctx: as(demoPeople.manager),
          input: { project: "billing", version: "5.4.0", to: "staging", reason: "Invoice PDFs missing the VAT line" },
        });
        yield 60;
        await moveRelease({
          ctx: as(demoPeople.manager),
          input: { project: "billing", version: "5.3.1", to: "production", reason: "Redeploy the last good version" },
        });
      }
      yield 300;
    }
  }

  const histories = [
    { slug: "checkout", clock: start, steps: checkout(random), started: false },
    { slug: "search-api", clock: start, steps: searchApi(sequence(4242)), started: false },
    { slug: "billing", clock: start, steps: billingHistory(), started: false },
  ];
  while (histories.length > 0) {
    const next = histories.reduce((earliest, h) => (h.clock < earliest.clock ? h : earliest));
    now = next.clock;
    current = next.slug;
    ci = ciOf(next.slug);
    // Time passed as it would with the server running: the scheduler let soak periods and freeze windows end.
    if (next.started) await runScheduledPromotions({ ctx: as(ci), input: { projectIds: [projectIds.get(current)!] } });
    next.started = true;
    const step = await next.steps.next();
    if (step.done) {
      histories.splice(histories.indexOf(next), 1);
      continue;
    }
    next.clock = now + step.value * 60_000;
    if (next.clock > end.getTime())
      throw new Error(`the demo history of ${current} runs past its end; shorten its waits`);
  }
  // Last, what is going on now: an incident holds Billing's Staging, an hour after the newest step.
  now += 60 * 60_000;
  await lockEnvironment({
    ctx: as(demoPeople.manager),
    input: { project: "billing", environment: "staging", reason: "INC-2041: payment provider outage" },
  });

  return { seeded: true, releases: (await first(db.select({ n: count() }).from(releases)))?.n ?? 0 };
}
