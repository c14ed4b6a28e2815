import type { Db } from "../db/client";
import { projects, projectTokens } from "../db/schema";
import { tokenDigest } from "../server/services/tokens";
import type { Actor } from "../server/domain/permissions";
import { givenProject } from "../server/testing/fixtures";
import { createRelease } from "../server/services/create-release";
import { moveRelease } from "../server/services/move-release";
import { recordCheckResult } from "../server/services/record-check-result";

const admin: Actor = { type: "user", id: "e2e-setup", name: "E2E set-up", role: "admin" };

/** CI tokens the specs use to post results, as a CI system would (test fixtures only). */
export const e2eToken = (project: string) => `rb_e2e-${project}-token-not-secret`;
export const playgroundToken = e2eToken("playground");

/** Gives each project a known CI token; called once the demo projects exist. */
export function seedE2eTokens(db: Db) {
  for (const project of db.select().from(projects).all()) {
    db.insert(projectTokens)
      .values({
        projectId: project.id,
        name: "e2e",
        tokenHash: tokenDigest(e2eToken(project.slug)),
        tokenHint: "rb_e2e",
        scope: "deploy",
        actorType: "system",
        actorId: "e2e",
        actorName: "E2E",
      })
      .run();
  }
}

/** One release per spec that moves things, so specs never disturb each other's data. */
export const playground = {
  mouse: "mouse-1.0",
  keyboard: "keys-1.0",
  refused: "refused-1.0",
  rollback: "rollback-1.0",
  liveMove: "live-move-1.0",
  liveCheck: "live-check-1.0",
  signoff: "signoff-1.0",
  locked: "locked-1.0",
  override: "override-1.0",
  touch: "touch-1.0",
} as const;

export function seedPlayground(db: Db) {
  const ctx = { db, actor: admin };
  givenProject(ctx, { slug: "playground", name: "Playground" }, [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", requiredChecks: ["unit"] },
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production", requiredSignoffs: 2 },
  ]);
  const create = (version: string, unit?: "passed" | "failed") => {
    createRelease({
      ctx,
      input: { project: "playground", version, notes: `Release **${version}**\n\n<script>alert(1)</script>` },
    });
    if (unit)
      recordCheckResult({
        ctx,
        input: { project: "playground", version, environment: "dev", check: "unit", status: unit },
      });
  };
  // The two set up in Staging come first, so every other release is newer than them and
  // may enter Staging without going back past them (the newer-live gate).
  create(playground.rollback, "passed");
  create(playground.signoff, "passed");
  create(playground.mouse, "passed");
  create(playground.keyboard, "passed");
  create(playground.refused, "failed");
  create(playground.liveMove, "passed");
  create(playground.liveCheck);
  create(playground.locked, "passed");
  create(playground.override, "failed");
  create(playground.touch, "passed");
  for (const version of [playground.rollback, playground.signoff]) {
    moveRelease({ ctx, input: { project: "playground", version, to: "staging", override: true, reason: "set-up" } });
  }
}

/** A manual pipeline whose release has passed everything but has not been promoted: for the preset spec. */
export function seedPresetsProject(db: Db) {
  const ctx = { db, actor: admin };
  givenProject(ctx, { slug: "presets", name: "Presets" }, [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", requiredChecks: ["unit"] },
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production" },
  ]);
  createRelease({ ctx, input: { project: "presets", version: "ready-1.0" } });
  recordCheckResult({
    ctx,
    input: { project: "presets", version: "ready-1.0", environment: "dev", check: "unit", status: "passed" },
  });
}

/** A column longer than a page of cards, for the spec of long columns. */
export function seedCrowdedProject(db: Db) {
  const ctx = { db, actor: admin };
  givenProject(ctx, { slug: "crowded", name: "Crowded" }, [
    { slug: "dev", name: "Development" },
    { slug: "production", name: "Production" },
  ]);
  for (let i = 1; i <= 45; i++) createRelease({ ctx, input: { project: "crowded", version: `0.${i}.0` } });
}

/** Projects for the release-semantics spec, one per scenario, each with a promote-scope CI token. */
export const semanticsProjects = [
  "sem-bounce",
  "sem-race",
  "sem-downgrade",
  "sem-schedule",
  "sem-freeze",
  "sem-ui",
] as const;
export const promoteToken = (project: string) => `rb_e2e-${project}-promote-not-secret`;

export function seedSemanticsProjects(db: Db) {
  const ctx = { db, actor: admin };
  const now = Date.now();
  for (const project of semanticsProjects) {
    givenProject(ctx, project, [
      { slug: "dev", name: "Development" },
      { slug: "qa", name: "QA" },
      { slug: "staging", name: "Staging", autoPromote: true, requiredChecks: ["e2e"] },
      {
        slug: "production",
        name: "Production",
        requiredChecks: ["smoke"],
        // A freeze from start-up for two hours: what a scheduled promotion must not pass.
        freezeWindows:
          project === "sem-freeze"
            ? [
                {
                  from: new Date(now - 60_000).toISOString(),
                  to: new Date(now + 2 * 3_600_000).toISOString(),
                  reason: "quarter close",
                },
              ]
            : [],
      },
    ]);
    const row = db
      .select()
      .from(projects)
      .all()
      .find((p) => p.slug === project)!;
    db.insert(projectTokens)
      .values({
        projectId: row.id,
        name: "deployer",
        tokenHash: tokenDigest(promoteToken(project)),
        tokenHint: "rb_e2e",
        scope: "promote",
        actorType: "system",
        actorId: "e2e",
        actorName: "E2E",
      })
      .run();
  }
}
