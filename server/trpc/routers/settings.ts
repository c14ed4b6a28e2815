import { z } from "zod";
import YAML from "yaml";
import { deliveryOutcomes } from "../../domain/statuses";
import { pipelineFileOf, pipelineForEditor } from "../../queries/pipeline";
import { listDeliveries } from "../../queries/deliveries";
import { activeSigningSecrets, listProjectTokens } from "../../queries/tokens";
import { createProjectToken, createProjectTokenInput } from "../../services/create-project-token";
import { revokeProjectToken, revokeProjectTokenInput } from "../../services/revoke-project-token";
import { rotateSigningSecret, rotateSigningSecretInput } from "../../services/rotate-signing-secret";
import { authorize, unparsed, type ServiceContext } from "../../services/context";
import type { Db } from "../../../db/client";
import { findProject } from "../../engine";
import { slugSchema } from "../../domain/schemas";
import { can } from "../../domain/permissions";
import { procedureFor, router } from "../init";
import { applyPipeline } from "../../services/apply-pipeline";
import { applyPipelinePreset, applyPipelinePresetInput } from "../../services/apply-pipeline-preset";
import { redeliver } from "../../http/redeliver";
import { listOutbound } from "../../queries/outbound";
import { notificationOverview } from "../../queries/notifications";
import { sendOutboundAgain, sendOutboundAgainInput } from "../../services/send-outbound-again";

const projectInput = z.object({ project: slugSchema });

/** The project whose tokens, secret or deliveries the caller asks for, once they may manage them. */
async function managedProject(ctx: { db: Db; service: ServiceContext }, slug: string) {
  const project = await findProject(ctx.db, slug);
  authorize(ctx.service, "token.manage", project.id);
  return project;
}

/** Only those who may edit a pipeline see its webhook URLs whole; they work as passwords. */
async function pipelineReader(ctx: { db: Db; service: ServiceContext }, slug: string) {
  return { whole: can(ctx.service.actor, "pipeline.edit", (await findProject(ctx.db, slug)).id) };
}

export const settingsRouter = router({
  /** Sends a stored delivery through its endpoint again, on the caller's authority. */
  redeliver: procedureFor("token.manage")
    .input(projectInput.extend({ id: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const project = await managedProject(ctx, input.project);
      return redeliver(ctx.db, project.id, input.id, ctx.actor);
    }),
  /** The pipeline as the file `releaseboard pipeline apply` takes (webhook URLs whole only for its editors). */
  pipelineFile: procedureFor("read")
    .input(projectInput)
    .query(async ({ ctx, input }) => {
      return YAML.stringify(await pipelineFileOf(ctx.db, input.project, await pipelineReader(ctx, input.project)));
    }),
  /** The pipeline for the editor: the file, what each environment holds, and the preset it matches. */
  pipeline: procedureFor("read")
    .input(projectInput)
    .query(async ({ ctx, input }) =>
      pipelineForEditor(ctx.db, input.project, await pipelineReader(ctx, input.project)),
    ),
  savePipeline: procedureFor("pipeline.edit")
    .input(projectInput.extend({ file: z.record(z.string(), z.unknown()) }))
    .mutation(async ({ ctx, input }) => {
      // The project is the one in the address, whatever the file says: the editor never moves a pipeline.
      await findProject(ctx.db, input.project);
      return applyPipeline({ ctx: ctx.service, input: unparsed({ ...input.file, project: input.project }) });
    }),
  applyPreset: procedureFor("pipeline.edit")
    .input(applyPipelinePresetInput)
    .mutation(({ ctx, input }) => applyPipelinePreset({ ctx: ctx.service, input })),
  tokens: procedureFor("token.manage")
    .input(projectInput)
    .query(async ({ ctx, input }) => {
      const project = await managedProject(ctx, input.project);
      return listProjectTokens(ctx.db, project.id);
    }),
  createToken: procedureFor("token.manage")
    .input(createProjectTokenInput)
    .mutation(({ ctx, input }) => createProjectToken({ ctx: ctx.service, input })),
  revokeToken: procedureFor("token.manage")
    .input(revokeProjectTokenInput)
    .mutation(async ({ ctx, input }) => {
      await revokeProjectToken({ ctx: ctx.service, input });
      return { ok: true };
    }),
  secret: procedureFor("token.manage")
    .input(projectInput)
    .query(async ({ ctx, input }) => {
      const project = await managedProject(ctx, input.project);
      return (await activeSigningSecrets(ctx.db, project.id))[0] ?? null;
    }),
  rotateSecret: procedureFor("token.manage")
    .input(rotateSigningSecretInput)
    .mutation(({ ctx, input }) => rotateSigningSecret({ ctx: ctx.service, input })),
  /** E-mail on or off, the chat webhooks' hosts and, for admins, who receives what. */
  notifications: procedureFor("read")
    .input(projectInput)
    .query(async ({ ctx, input }) => {
      const project = await findProject(ctx.db, input.project);
      return notificationOverview(
        ctx.db,
        project.chatWebhooks,
        ctx.actor.type === "user" && ctx.actor.role === "admin",
      );
    }),
  /** The outbound section of the delivery log: deploy requests and what became of each attempt. */
  outbound: procedureFor("token.manage")
    .input(projectInput.extend({ cursor: z.number().int().positive().nullish() }))
    .query(async ({ ctx, input }) => {
      const project = await managedProject(ctx, input.project);
      return listOutbound(ctx.db, project.id, input.cursor ?? undefined);
    }),
  sendOutboundAgain: procedureFor("token.manage")
    .input(sendOutboundAgainInput)
    .mutation(({ ctx, input }) => sendOutboundAgain({ ctx: ctx.service, input })),
  outboundSecret: procedureFor("token.manage")
    .input(projectInput)
    .query(async ({ ctx, input }) => {
      const project = await managedProject(ctx, input.project);
      return (await activeSigningSecrets(ctx.db, project.id, new Date(), "outbound"))[0] ?? null;
    }),
  deliveries: procedureFor("token.manage")
    .input(
      projectInput.extend({
        outcome: z.enum(deliveryOutcomes).optional(),
        cursor: z.number().int().positive().nullish(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const project = await managedProject(ctx, input.project);
      return listDeliveries(ctx.db, project.id, { outcome: input.outcome, cursor: input.cursor ?? undefined });
    }),
});
