import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkResults } from "../../db/schema";
import type { PipelineFileInput } from "../domain/pipeline-file";
import { createProjectToken } from "../services/create-project-token";
import { postRelease } from "../http/endpoints";
import { routeApi } from "../http/routes";
import { createTestDb, testContext, userActor, type TestDb } from "./test-db";
import { givenProject, projectSecret } from "./fixtures";

/** A vendor's published example, byte for byte (server/http/fixtures/README.md). */
export const webhookFixture = (path: string) => readFileSync(join(__dirname, "..", "http", "fixtures", path), "utf8");

/**
 * A project on a fresh database for the inbound sources' tests, with a CI token and its signing
 * secret, posting through the real route table (README: Connecting CI).
 */
export async function givenWebhookProject(slug: string, environments: PipelineFileInput["environments"]) {
  const t: TestDb = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, slug, environments);
  const token = (await createProjectToken({ ctx, input: { project: slug, name: "ci" } })).token;
  const secret = (await projectSecret(t.db, slug)).secret;
  const base = `http://localhost:3000/api/v1/projects/${slug}`;
  return {
    t,
    token,
    secret,
    post: (system: string, body: string, headers: Record<string, string>, query = "") =>
      routeApi(
        t.db,
        new Request(`${base}/webhooks/${system}${query}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
        }),
      ),
    createRelease: (release: { version: string; commitSha?: string; branch?: string }) =>
      postRelease(
        t.db,
        new Request(`${base}/releases`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify(release),
        }),
        slug,
      ),
    results: async () => await t.db.select().from(checkResults),
  };
}

export type WebhookProject = Awaited<ReturnType<typeof givenWebhookProject>>;
