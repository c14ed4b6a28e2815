import { writeTransaction } from "../../db/client";
import { first } from "../../db/client";
import type { IncomingMessage, ServerResponse } from "node:http";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { environments, projects } from "../../db/schema";
import { activeSigningSecrets } from "../queries/tokens";
import { verifyStandardWebhook } from "../http/signatures";
import { standardWebhookHeaders } from "../outbound/sign";
import { demoDeployerPath, demoDeployerUrl } from "./seed";

export { demoDeployerPath };

const maxBody = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBody) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

type DeployEvent = { type: string; id: string; project: string; environment: string; release: { version: string } };

/**
 * A stand-in deploy system for the demo (README, "Deployments"): it checks the request's
 * signature with the project's outbound secret, as a real deployer should, answers 202,
 * then reports "in progress" and "succeeded" back through the public API, signed with
 * the project's inbound secret: Deploying… turns into Deployed on the board.
 */
export async function serveDemoDeployer(db: Db, port: number, req: IncomingMessage, res: ServerResponse) {
  const reply = (status: number, text: string) => res.writeHead(status, { "content-type": "text/plain" }).end(text);
  if (req.method !== "POST") return reply(405, "POST a deployment.requested event here");
  const raw = await readBody(req);
  if (!raw) return reply(413, "too large");
  let event: DeployEvent;
  try {
    event = JSON.parse(raw.toString("utf8")) as DeployEvent;
  } catch {
    return reply(400, "not JSON");
  }
  const project =
    typeof event.project === "string"
      ? await first(db.select().from(projects).where(eq(projects.slug, event.project)))
      : undefined;
  if (!project || event.type !== "deployment.requested")
    return reply(400, "not a deployment.requested event of a known project");
  const header = (name: string) => (typeof req.headers[name] === "string" ? (req.headers[name] as string) : "");
  const verdict = verifyStandardWebhook(
    raw,
    { id: header("webhook-id"), timestamp: header("webhook-timestamp"), signature: header("webhook-signature") },
    await activeSigningSecrets(db, project.id, new Date(), "outbound"),
  );
  if (verdict !== "ok") return reply(401, `signature ${verdict}`);
  reply(202, "deploying");

  const report = async (status: string, description: string) => {
    const body = JSON.stringify({ environment: event.environment, status, description });
    const secret = (await activeSigningSecrets(db, project.id))[0];
    if (!secret) return;
    const url = `http://127.0.0.1:${port}/api/v1/projects/${encodeURIComponent(project.slug)}/releases/${encodeURIComponent(event.release.version)}/deployments`;
    const headers = {
      "content-type": "application/json",
      ...standardWebhookHeaders(`${event.id}-${status}`, body, [secret]),
    };
    try {
      await fetch(url, { method: "POST", headers, body });
    } catch (error) {
      console.error("[demo deployer]", error);
    }
  };
  setTimeout(() => void report("in_progress", "Rolling out (demo deployer)"), 1500).unref();
  setTimeout(() => void report("succeeded", "Rolled out by the demo deployer"), 6000).unref();
}

/**
 * The seeded pipeline names the demo deployer on the port it was seeded for; when the
 * demo starts on another port, the deploy targets follow it. This is the demo's own
 * plumbing, not something a person did: it changes the stored address in place and writes
 * no activity entry (a "changed the pipeline" by Ada on every start read as if she had).
 */
export async function aimDemoDeployer(db: Db, port: number) {
  const url = demoDeployerUrl(port);
  const aimed = (await db.select().from(environments)).filter(({ deployTarget: target }) => {
    if (!target || !("webhook" in target)) return false;
    return target.webhook.url.endsWith(demoDeployerPath) && target.webhook.url !== url;
  });
  await writeTransaction(db, async (tx) => {
    for (const environment of aimed)
      await tx
        .update(environments)
        .set({ deployTarget: { webhook: { url } } })
        .where(eq(environments.id, environment.id));
  });
}
