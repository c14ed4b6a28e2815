import { getPeople } from "../../queries/people";
import { setUserRole, setUserRoleInput } from "../../services/set-user-role";
import { disableUser, disableUserInput } from "../../services/disable-user";
import { enableUser, enableUserInput } from "../../services/enable-user";
import { createTeam, createTeamInput } from "../../services/create-team";
import { addTeamMembers, teamMembersInput } from "../../services/add-team-members";
import { removeTeamMembers } from "../../services/remove-team-members";
import { procedureFor, router } from "../init";

/** The People page (admins): roles, who may sign in, teams. */
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
