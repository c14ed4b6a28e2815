import { z } from "zod";
import { and, eq, like } from "drizzle-orm";
import { deployments, outbox } from "../../db/schema";
import { undeliveredPrefix, recordAudit, findProject } from "../engine";
import { outboundRetryWindowMs } from "../domain/deploy";
import { notFound } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { slugSchema } from "../domain/schemas";

export const sendOutboundAgainInput = z.object({ project: slugSchema, id: z.number().int().positive() });

/**
 * Send again (delivery log, outbound): the message goes back in the queue now, with a new
 * 24 h of retries, under the same webhook-id: it is the same event, and a receiver that
 * already has it may drop it as a duplicate.
 */
export function sendOutboundAgain({ ctx, input }: VerbArgs<z.input<typeof sendOutboundAgainInput>>) {
  const data = parseInput(sendOutboundAgainInput, input);
  return writeTransaction(ctx, (tx) => {
    const project = findProject(tx, data.project);
    authorize(ctx, "token.manage", project.id);
    const now = clock(ctx);
    const message = tx
      .update(outbox)
      .set({ state: "pending", nextAttemptAt: now, retryUntil: new Date(now.getTime() + outboundRetryWindowMs) })
      .where(and(eq(outbox.id, data.id), eq(outbox.projectId, project.id)))
      .returning()
      .get();
    if (!message) throw notFound(`No outbound message ${data.id} in this project`);
    // A deploy that failed only because its request never arrived is waiting again.
    if (message.deploymentId) {
      tx.update(deployments)
        .set({ status: "requested", statusAt: now, description: null })
        .where(
          and(
            eq(deployments.id, message.deploymentId),
            eq(deployments.status, "failed"),
            like(deployments.description, `${undeliveredPrefix}%`),
          ),
        )
        .run();
    }
    recordAudit(
      tx,
      ctx.actor,
      {
        projectId: project.id,
        kind: "outbound.resent",
        summary: `${ctx.actor.name} sent ${message.kind} ${message.messageId} again`,
      },
      now,
    );
    return { id: message.id, state: message.state };
  });
}
