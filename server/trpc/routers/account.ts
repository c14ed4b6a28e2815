import { getSignoffInbox } from "../../queries/signoff-inbox";
import { listUsers } from "../../queries/users";
import { createFirstAdmin, createFirstAdminInput } from "../../services/createFirstAdmin";
import { procedureFor, publicProcedure, router } from "../init";

export const accountRouter = router({
  /** The signed-in person, or null. */
  me: publicProcedure.query(({ ctx }) =>
    ctx.actor?.type === "user" ? { id: ctx.actor.id, name: ctx.actor.name, role: ctx.actor.role } : null,
  ),
  createFirstAdmin: publicProcedure
    .input(createFirstAdminInput)
    .mutation(async ({ ctx, input }) => {
      const user = await createFirstAdmin({
        ctx: { db: ctx.db, actor: { type: "system", id: "system", name: "Releaseboard" } },
        input,
      });
      return { email: user.email };
    }),
  users: procedureFor("user.list").query(({ ctx }) => listUsers(ctx.db)),
  inbox: procedureFor("signoff").query(({ ctx }) => getSignoffInbox(ctx.db, ctx.actor.id)),
});
