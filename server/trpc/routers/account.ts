import { getSignoffInboxPage, maxInboxPage } from "../../queries/signoff-inbox";
import { listUsers } from "../../queries/users";
import { createFirstAdmin, createFirstAdminInput } from "../../services/create-first-admin";
import { procedureFor, publicProcedure, router } from "../init";
import { z } from "zod";
import { linkDetails } from "../../queries/invitations";
import { acceptInvitation, acceptInvitationInput } from "../../services/accept-invitation";
import { changePassword, changePasswordInput } from "../../services/change-password";
import { systemActor } from "../../domain/permissions";
import { myNotifications } from "../../queries/notifications";
import { setEmailNotifications, setEmailNotificationsInput } from "../../services/set-email-notifications";
import { listPersonalTokens } from "../../queries/personal-tokens";
import { createPersonalToken, createPersonalTokenInput } from "../../services/create-personal-token";
import { revokePersonalToken, revokePersonalTokenInput } from "../../services/revoke-personal-token";

export const accountRouter = router({
  /** The signed-in person, or null. */
  me: publicProcedure.query(({ ctx }) =>
    ctx.actor?.type === "user" ? { id: ctx.actor.id, name: ctx.actor.name, role: ctx.actor.role } : null,
  ),
  createFirstAdmin: publicProcedure.input(createFirstAdminInput).mutation(async ({ ctx, input }) => {
    const user = await createFirstAdmin({
      ctx: { db: ctx.db, actor: { type: "system", id: "system", name: "Releaseboard" } },
      input,
    });
    return { email: user.email };
  }),
  /** The /welcome page: what a one-time link does, or null when it no longer works. */
  link: publicProcedure
    .input(z.object({ token: z.string().max(200) }))
    .query(({ ctx, input }) => linkDetails(ctx.db, input.token)),
  /** Follows a one-time link: makes the invited account, or sets the new password after a reset. */
  acceptLink: publicProcedure
    .input(acceptInvitationInput)
    .mutation(({ ctx, input }) => acceptInvitation({ ctx: { db: ctx.db, actor: systemActor }, input })),
  /** The profile: a new password; every other session of the caller ends. */
  changePassword: procedureFor("read")
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword({ ctx: ctx.service, input, sessionId: ctx.sessionId ?? null })),
  users: procedureFor("user.list").query(({ ctx }) => listUsers(ctx.db)),
  /** The sign-off inbox a page at a time (README: Sign-offs): the first 50, then from `cursor`. */
  inbox: procedureFor("signoff")
    .input(
      z
        .object({
          cursor: z.number().int().min(0).max(1_000_000).nullish(),
          limit: z.number().int().min(1).max(maxInboxPage).optional(),
          first: z.object({ project: z.string().max(200), version: z.string().max(200) }).nullish(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => getSignoffInboxPage(ctx.db, ctx.actor.id, input ?? {})),
  /** The profile page: whether e-mail reaches this person, and about what. */
  notifications: procedureFor("read").query(({ ctx }) =>
    ctx.actor.type === "user" ? myNotifications(ctx.db, ctx.actor.id, ctx.actor.role) : null,
  ),
  setEmailNotifications: procedureFor("read")
    .input(setEmailNotificationsInput)
    .mutation(({ ctx, input }) => setEmailNotifications({ ctx: ctx.service, input })),
  /** The profile page: the caller's personal access tokens (README: Personal access tokens). */
  personalTokens: procedureFor("read").query(({ ctx }) =>
    ctx.actor.type === "user" ? listPersonalTokens(ctx.db, ctx.actor.id) : [],
  ),
  createPersonalToken: procedureFor("read")
    .input(createPersonalTokenInput.omit({ email: true }))
    .mutation(({ ctx, input }) => createPersonalToken({ ctx: ctx.service, input })),
  revokePersonalToken: procedureFor("read")
    .input(revokePersonalTokenInput)
    .mutation(({ ctx, input }) => revokePersonalToken({ ctx: ctx.service, input })),
});
