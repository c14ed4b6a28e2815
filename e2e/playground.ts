import { writeTransaction as writeTx } from "../db/client";
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
export async function seedE2eTokens(db: Db) {
  for (const project of await db.select().from(projects)) {
    await writeTx(db, async (tx) => {
      await tx
        .insert(projectTokens)
        .values({
          projectId: project.id,
          name: "e2e",
          tokenHash: tokenDigest(e2eToken(project.slug)),
          tokenHint: "rb_e2e",
          scope: "deploy",
          actorType: "system",
          actorId: "e2e",
          actorName: "E2E",
        });
    });
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

export async function seedPlayground(db: Db) {
  const ctx = { db, actor: admin };
  await givenProject(ctx, { slug: "playground", name: "Playground" }, [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", requiredChecks: ["unit"] },
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production", requiredSignoffs: 2 },
  ]);
  const create = async (version: string, unit?: "passed" | "failed") => {
    await createRelease({
      ctx,
      input: { project: "playground", version, notes: `Release **${version}**\n\n<script>alert(1)</script>` },
    });
    if (unit)
      await recordCheckResult({
        ctx,
        input: { project: "playground", version, environment: "dev", check: "unit", status: unit },
      });
  };
  // The two set up in Staging come first, so every other release is newer than them and
  // may enter Staging without going back past them (the newer-live gate).
  await create(playground.rollback, "passed");
  await create(playground.signoff, "passed");
  await create(playground.mouse, "passed");
  await create(playground.keyboard, "passed");
  await create(playground.refused, "failed");
  await create(playground.liveMove, "passed");
  await create(playground.liveCheck);
  await create(playground.locked, "passed");
  await create(playground.override, "failed");
  await create(playground.touch, "passed");
  for (const version of [playground.rollback, playground.signoff]) {
    await moveRelease({
      ctx,
      input: { project: "playground", version, to: "staging", override: true, reason: "set-up" },
    });
  }
}

/** A manual pipeline whose release has passed everything but has not been promoted: for the preset spec. */
export async function seedPresetsProject(db: Db) {
  const ctx = { db, actor: admin };
  await givenProject(ctx, { slug: "presets", name: "Presets" }, [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", requiredChecks: ["unit"] },
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production" },
  ]);
  await createRelease({ ctx, input: { project: "presets", version: "ready-1.0" } });
  await recordCheckResult({
    ctx,
    input: { project: "presets", version: "ready-1.0", environment: "dev", check: "unit", status: "passed" },
  });
}

/** A column longer than a page of cards, for the spec of long columns. */
export async function seedCrowdedProject(db: Db) {
  const ctx = { db, actor: admin };
  await givenProject(ctx, { slug: "crowded", name: "Crowded" }, [
    { slug: "dev", name: "Development" },
    { slug: "production", name: "Production" },
  ]);
  for (let i = 1; i <= 45; i++) await createRelease({ ctx, input: { project: "crowded", version: `0.${i}.0` } });
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

export async function seedSemanticsProjects(db: Db) {
  const ctx = { db, actor: admin };
  const now = Date.now();
  for (const project of semanticsProjects) {
    await givenProject(ctx, project, [
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
    const row = (await db.select().from(projects)).find((p) => p.slug === project)!;
    await writeTx(db, async (tx) => {
      await tx
        .insert(projectTokens)
        .values({
          projectId: row.id,
          name: "deployer",
          tokenHash: tokenDigest(promoteToken(project)),
          tokenHint: "rb_e2e",
          scope: "promote",
          actorType: "system",
          actorId: "e2e",
          actorName: "E2E",
        });
    });
  }
}
