import { getPeople } from "../../queries/people";
import { setUserRole, setUserRoleInput } from "../../services/set-user-role";
import { disableUser, disableUserInput } from "../../services/disable-user";
import { enableUser, enableUserInput } from "../../services/enable-user";
import { createTeam, createTeamInput } from "../../services/create-team";
import { addTeamMembers, teamMembersInput } from "../../services/add-team-members";
import { removeTeamMembers } from "../../services/remove-team-members";
import { inviteUser, inviteUserInput } from "../../services/invite-user";
import { resetPassword, resetPasswordInput } from "../../services/reset-password";
import type { LinkSettings } from "../../services/one-time-links";
import type { TrpcContext } from "../context";
import { procedureFor, router } from "../init";

/** Without the server's settings (a test's context), links point at the default address and are not e-mailed. */
const linksOf = (ctx: TrpcContext): LinkSettings => ctx.links ?? { baseUrl: "http://localhost:3000", emailOn: false };

/** The People page (admins): invitations, roles, who may sign in, password resets, teams. */
export const peopleRouter = router({
  list: procedureFor("user.list").query(({ ctx }) => getPeople(ctx.db)),
  setRole: procedureFor("user.manage")
    .input(setUserRoleInput)
    .mutation(async ({ ctx, input }) => (await setUserRole({ ctx: ctx.service, input })).role),
  disable: procedureFor("user.manage")
    .input(disableUserInput)
    .mutation(async ({ ctx, input }) => (await disableUser({ ctx: ctx.service, input })).sessionsEnded),
  enable: procedureFor("user.manage")
    .input(enableUserInput)
    .mutation(async ({ ctx, input }) => (await enableUser({ ctx: ctx.service, input })).email),
  invite: procedureFor("user.manage")
    .input(inviteUserInput)
    .mutation(({ ctx, input }) => inviteUser({ ctx: ctx.service, input, settings: linksOf(ctx) })),
  resetPassword: procedureFor("user.manage")
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => resetPassword({ ctx: ctx.service, input, settings: linksOf(ctx) })),
  createTeam: procedureFor("team.manage")
    .input(createTeamInput)
    .mutation(async ({ ctx, input }) => (await createTeam({ ctx: ctx.service, input })).slug),
  addMembers: procedureFor("team.manage")
    .input(teamMembersInput)
    .mutation(async ({ ctx, input }) => (await addTeamMembers({ ctx: ctx.service, input })).added.length),
  removeMembers: procedureFor("team.manage")
    .input(teamMembersInput)
    .mutation(async ({ ctx, input }) => (await removeTeamMembers({ ctx: ctx.service, input })).removed.length),
});
