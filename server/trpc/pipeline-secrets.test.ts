import { liveParts } from "../runtime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { applyPipeline } from "../services/apply-pipeline";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { listActivity } from "../queries/activity";
import { roles, type Role } from "../domain/permissions";
import { createCaller } from "./router";

// README: Security — chat and deploy webhook URLs work as passwords: whole for release managers and admins only.
const chatUrl = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";
const deployUrl = "https://deploy.example.com/hooks/releaseboard/s3cret-path";
const whole: Role[] = ["admin", "release_manager"];

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"));
  await givenProject(ctx, { slug: "shop", name: "Shop" }, [
    { slug: "dev", name: "Dev" },
    { slug: "prod", name: "Prod", deploy: { webhook: { url: deployUrl } } },
  ]);
  await applyPipeline({
    ctx,
    input: {
      project: "shop",
      name: "Shop",
      environments: [
        { slug: "dev", name: "Dev" },
        { slug: "prod", name: "Prod", deploy: { webhook: { url: deployUrl } } },
      ],
      notifications: { chat: [chatUrl] },
    },
  });
});
afterEach(() => t.close());

describe.each(roles)("the pipeline read by a %s", (role) => {
  const caller = () => createCaller({ db: t.db, ...liveParts(t.db), actor: userActor(role) });

  it(whole.includes(role) ? "shows webhook URLs whole" : "shows webhook hosts only", async () => {
    const file = YAML.parse(await caller().settings.pipelineFile({ project: "shop" })) as {
      environments: { deploy?: { webhook: { url: string } } }[];
      notifications: { chat: string[] };
    };
    const { file: editor } = await caller().settings.pipeline({ project: "shop" });
    const seen = [
      file.environments[1]!.deploy!.webhook.url,
      file.notifications.chat[0]!,
      (editor.environments[1]!.deploy as { webhook: { url: string } }).webhook.url,
      editor.notifications!.chat[0]!,
    ];
    if (whole.includes(role)) expect(seen).toEqual([deployUrl, chatUrl, deployUrl, chatUrl]);
    else
      expect(seen).toEqual([
        "https://deploy.example.com/…",
        "https://hooks.slack.com/…",
        "https://deploy.example.com/…",
        "https://hooks.slack.com/…",
      ]);
    const raw = JSON.stringify([file, editor, await caller().settings.notifications({ project: "shop" })]);
    if (!whole.includes(role)) {
      expect(raw).not.toContain("XXXXSECRET");
      expect(raw).not.toContain("s3cret-path");
    }
  });
});

it("keeps webhook paths out of the activity log, which every role reads", async () => {
  const ctx = testContext(t.db, userActor("release_manager"));
  await createRelease({ ctx, input: { project: "shop", version: "1.0.0" } });
  await moveRelease({ ctx, input: { project: "shop", version: "1.0.0", to: "prod" } });
  const summaries = (await listActivity(t.db, {})).items.map((e) => e.summary);
  expect(summaries).toContainEqual(expect.stringContaining("(webhook https://deploy.example.com/…)"));
  expect(JSON.stringify(summaries)).not.toContain("s3cret-path");
});
