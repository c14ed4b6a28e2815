import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { outbox } from "../../db/schema";
import { createTestDb, userActor, type TestDb } from "../testing/test-db";
import { httpReceiver } from "../testing/receivers";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { reportDeployment } from "../services/report-deployment";
import { startDispatcher } from "./dispatcher";
import { outboundEnvFrom } from "../config";
import { activeSigningSecrets } from "../queries/tokens";
import { givenProject } from "../testing/fixtures";
import { until } from "../testing/until";

/**
 * CDEvents out (README: Deployments, `cdevents`): the deploy request and, when the release goes live,
 * the service event, delivered to a real HTTP receiver and checked against the CDEvents spec's own
 * JSON schemas (v0.5.1, kept verbatim in server/http/fixtures/cdevents/schemas; README there).
 */

const schemas = join(__dirname, "..", "http", "fixtures", "cdevents", "schemas");
const schema = (path: string) => JSON.parse(readFileSync(join(schemas, path), "utf8")) as { $id: string };
const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
ajv.addSchema(schema("links/embeddedlinksarray.json"));
ajv.addSchema(schema("links/embeddedlinkrelation.json"));
// Not kept here (the store has only other versions of them); our events carry no links.
for (const link of ["embeddedlinkend", "embeddedlinkpath"])
  ajv.addSchema({ $id: `https://cdevents.dev/0.5.1/schema/links/${link}` });
const serviceDeployed = ajv.compile(schema("servicedeployed.json"));
const pipelineRunQueued = ajv.compile(schema("pipelinerunqueued.json"));

type CDEvent = { context: { type: string; id: string; timestamp: string }; subject: unknown; customData: unknown };

/**
 * Valid against the spec's schema for its type. The spec's service.upgraded and service.rolledback
 * schemas differ from service.deployed's only in their `$id` and the type's one allowed value
 * (compared at the v0.5.1 tag), so those are checked with service.deployed's, type aside.
 */
function expectValid(event: CDEvent) {
  const type = event.context.type;
  const [validate, checked] = type.startsWith("dev.cdevents.pipelinerun.queued.")
    ? [pipelineRunQueued, event]
    : [serviceDeployed, { ...event, context: { ...event.context, type: "dev.cdevents.service.deployed.0.3.0" } }];
  expect(validate(checked), JSON.stringify(validate.errors)).toBe(true);
}

let t: TestDb;
const stops: (() => unknown)[] = [];
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await t.close();
});

const manager = userActor("release_manager", "Rita Manager");
const project = "search-api";

/** A project whose production deploys through a target of `kind` pointed at a real receiver on loopback. */
async function givenProduction(kind: "cdevents" | "webhook") {
  const hook = await httpReceiver();
  stops.push(hook.close);
  const ctx = { db: t.db, actor: manager };
  const deploy = kind === "cdevents" ? { cdevents: { url: hook.url } } : { webhook: { url: hook.url } };
  await givenProject(ctx, { slug: project, name: "Search API" }, [
    { slug: "dev", name: "Development" },
    { slug: "production", name: "Production", deploy },
  ]);
  return { hook, ctx };
}

describe("the cdevents deploy target", () => {
  it("sends pipelinerun.queued for the deploy, then service.deployed, .upgraded and .rolledback as releases go live", async () => {
    const { hook, ctx } = await givenProduction("cdevents");
    const dispatcher = startDispatcher(t.db, {
      env: outboundEnvFrom({ ...process.env, RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "1" }),
      log: () => {},
    });
    stops.push(() => dispatcher.stop());
    const secret = async () => (await activeSigningSecrets(t.db, 1, new Date(), "outbound"))[0]!;
    /** The next event the receiver gets, its signature verified with the project's outbound secret. */
    const next = async () => {
      const index = received.length;
      const request = await until(() => hook.received[index], 15_000);
      const event = new Webhook(await secret()).verify(request.body, request.headers as Record<string, string>);
      received.push(event as CDEvent);
      expect(request.headers["webhook-id"]).toBe((event as CDEvent).context.id);
      expectValid(event as CDEvent);
      return event as CDEvent;
    };
    const received: CDEvent[] = [];
    const live = async (version: string) =>
      await reportDeployment({ ctx, input: { project, version, environment: "production", status: "succeeded" } });

    await createRelease({ ctx, input: { project, version: "1.4.0", commitSha: "a".repeat(40), branch: "main" } });
    await moveRelease({ ctx, input: { project, version: "1.4.0", to: "production" } });
    expect(await next()).toMatchObject({
      context: { type: "dev.cdevents.pipelinerun.queued.0.3.0" },
      subject: { content: { pipelineName: "deploy 1.4.0 to production" } },
    });

    await live("1.4.0");
    const deployed = await next();
    expect(deployed).toEqual({
      context: {
        specversion: "0.5.1",
        id: deployed.context.id,
        source: "/releaseboard/projects/search-api",
        type: "dev.cdevents.service.deployed.0.3.0",
        timestamp: deployed.context.timestamp,
      },
      subject: {
        id: "service/search-api",
        source: "/releaseboard/projects/search-api",
        content: {
          environment: { id: "production", source: "/releaseboard/projects/search-api" },
          artifactId: "pkg:generic/search-api@1.4.0",
        },
      },
      customData: {
        project,
        environment: "production",
        version: "1.4.0",
        commit: "a".repeat(40),
        previous: null,
        transition: "promote",
      },
      customDataContentType: "application/json",
    });

    // A second success report of the same deploy says nothing new.
    await live("1.4.0");

    await createRelease({ ctx, input: { project, version: "1.5.0", commitSha: "b".repeat(40), branch: "main" } });
    await moveRelease({ ctx, input: { project, version: "1.5.0", to: "production" } });
    expect((await next()).context.type).toBe("dev.cdevents.pipelinerun.queued.0.3.0");
    await live("1.5.0");
    expect(await next()).toMatchObject({
      context: { type: "dev.cdevents.service.upgraded.0.3.0" },
      subject: { content: { environment: { id: "production" }, artifactId: "pkg:generic/search-api@1.5.0" } },
      customData: { version: "1.5.0", previous: "1.4.0", transition: "promote" },
    });

    // 1.4.0 was superseded; bringing it back is a rollback.
    await moveRelease({ ctx, input: { project, version: "1.4.0", to: "production", reason: "1.5.0 drops orders" } });
    expect(await next()).toMatchObject({ context: { type: "dev.cdevents.pipelinerun.queued.0.3.0" } });
    await live("1.4.0");
    expect(await next()).toMatchObject({
      context: { type: "dev.cdevents.service.rolledback.0.3.0" },
      subject: { content: { artifactId: "pkg:generic/search-api@1.4.0" } },
      customData: { version: "1.4.0", previous: "1.5.0", transition: "rollback" },
    });

    // Six messages, all delivered; none for the repeated report.
    const rows = await t.db.select().from(outbox).orderBy(asc(outbox.id));
    expect(rows.map((r) => r.kind)).toEqual([
      "deployment.requested",
      "cdevents.service",
      "deployment.requested",
      "cdevents.service",
      "deployment.requested",
      "cdevents.service",
    ]);
    await until(async () => (await t.db.select().from(outbox)).every((r) => r.state === "delivered"), 15_000);
    expect(hook.received).toHaveLength(6);
  });

  it("sends no service event where the environment's target is of another kind", async () => {
    const { ctx } = await givenProduction("webhook");
    await createRelease({ ctx, input: { project, version: "1.4.0", commitSha: "a".repeat(40), branch: "main" } });
    await moveRelease({ ctx, input: { project, version: "1.4.0", to: "production" } });
    await reportDeployment({
      ctx,
      input: { project, version: "1.4.0", environment: "production", status: "succeeded" },
    });
    expect((await t.db.select().from(outbox)).map((r) => r.kind)).toEqual(["deployment.requested"]);
  });
});
