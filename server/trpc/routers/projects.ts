import { listArchivedProjects } from "../../queries/projects";
import { archiveProject, archiveProjectInput } from "../../services/archive-project";
import { createProject, createProjectInput } from "../../services/create-project";
import { renameProject, renameProjectInput } from "../../services/rename-project";
import { procedureFor, router } from "../init";

export const projectsRouter = router({
  create: procedureFor("pipeline.edit")
    .input(createProjectInput)
    .mutation(({ ctx, input }) => createProject({ ctx: ctx.service, input })),
  rename: procedureFor("pipeline.edit")
    .input(renameProjectInput)
    .mutation(({ ctx, input }) => renameProject({ ctx: ctx.service, input })),
  archive: procedureFor("pipeline.edit")
    .input(archiveProjectInput)
    .mutation(({ ctx, input }) => archiveProject({ ctx: ctx.service, input })),
  archived: procedureFor("read").query(({ ctx }) => listArchivedProjects(ctx.db)),
});
