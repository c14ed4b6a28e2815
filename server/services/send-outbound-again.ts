import { first } from "../../db/client";
import { z } from "zod";
import { and, eq, like } from "drizzle-orm";
import { deployments, outbox } from "../../db/schema";
import { undeliveredPrefix, recordAudit, findProject } from "../engine";
import { outboundRetryWindowMs } from "../domain/deploy";
import { conflict, notFound } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { slugSchema } from "../domain/schemas";

export const sendOutboundAgainInput = z.object({
  project: slugSchema,
  id: z.number().int().positive(),
  /** A delivered message is only sent again when the person confirmed that a second copy is what they want. */
  confirmDelivered: z.boolean().default(false),
});

/**
 * Send again (delivery log, outbound): the message goes back in the queue now, with a new
 * 24 h of retries, under the same webhook-id: it is the same event, and a receiver that
 * already has it may drop it as a duplicate. A message already delivered (an e-mail cannot be
 * taken back) is refused with a conflict saying so, unless the person confirmed it.
 */
export async function sendOutboundAgain({ ctx, input }: VerbArgs<z.input<typeof sendOutboundAgainInput>>) {
  const data = parseInput(sendOutboundAgainInput, input);
  return writeTransaction(ctx, async (tx) => {
    const project = await findProject(tx, data.project);
    authorize(ctx, "token.manage", project.id);
    const now = clock(ctx);
    const stored = await first(
      tx
        .select({ state: outbox.state, deliveredAt: outbox.deliveredAt, kind: outbox.kind })
        .from(outbox)
        .where(and(eq(outbox.id, data.id), eq(outbox.projectId, project.id))),
    );
    if (!stored) throw notFound(`No outbound message ${data.id} in this project`);
    if (stored.state === "delivered" && !data.confirmDelivered)
      throw conflict(
        `This ${stored.kind} message was delivered${stored.deliveredAt ? ` at ${stored.deliveredAt.toISOString()}` : ""}; sending it again delivers a second copy. Confirm to send it anyway.`,
      );
    const message = (await first(
      tx
        .update(outbox)
        .set({ state: "pending", nextAttemptAt: now, retryUntil: new Date(now.getTime() + outboundRetryWindowMs) })
        .where(and(eq(outbox.id, data.id), eq(outbox.projectId, project.id)))
        .returning(),
    ))!;
    if (!message) throw notFound(`No outbound message ${data.id} in this project`);
    // A deploy that failed only because its request never arrived is waiting again.
    if (message.deploymentId) {
      await tx
        .update(deployments)
        .set({ status: "requested", statusAt: now, description: null })
        .where(
          and(
            eq(deployments.id, message.deploymentId),
            eq(deployments.status, "failed"),
            like(deployments.description, `${undeliveredPrefix}%`),
          ),
        );
    }
    await recordAudit(
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
