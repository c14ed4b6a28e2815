import type { Db } from "../db/client";
import type { Actor } from "../server/domain/permissions";
import { applyPipeline } from "../server/services/apply-pipeline";
import { createRelease } from "../server/services/create-release";

const admin: Actor = { type: "user", id: "e2e-setup", name: "E2E set-up", role: "admin" };

/** The port of the deploy receiver deploys.spec.ts runs, beside the e2e server's own. */
export const deployReceiverPort = (appPort: number) => appPort + 7;

export const deploysProject = "deploys";
export const deployVersions = { succeeds: "d-1.0", fails: "d-2.0" } as const;

/** A project whose Staging deploys to the spec's receiver, with releases waiting in Development. */
export async function seedDeploysProject(db: Db, appPort: number) {
  const ctx = { db, actor: admin };
  await applyPipeline({
    ctx,
    input: {
      project: deploysProject,
      name: "Deploys",
      environments: [
        { slug: "dev", name: "Development" },
        {
          slug: "staging",
          name: "Staging",
          deploy: { webhook: { url: `http://127.0.0.1:${deployReceiverPort(appPort)}/hooks/releaseboard` } },
        },
        { slug: "production", name: "Production" },
      ],
    },
  });
  for (const version of Object.values(deployVersions))
    await createRelease({ ctx, input: { project: deploysProject, version, commitSha: "c0ffee1" } });
}
