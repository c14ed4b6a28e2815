import { z } from "zod";
import { getBoard } from "../../queries/board";
import { getReleaseDetail } from "../../queries/release-detail";
import { listProjects } from "../../queries/projects";
import { slugSchema, versionSchema } from "../../services/schemas";
import { procedureFor, router } from "../init";

const read = procedureFor("read");

export const boardRouter = router({
  projects: read.query(({ ctx }) => listProjects(ctx.db)),
  board: read.input(z.object({ project: slugSchema })).query(({ ctx, input }) => getBoard(ctx.db, input.project)),
  release: read
    .input(z.object({ project: slugSchema, version: versionSchema }))
    .query(({ ctx, input }) => getReleaseDetail(ctx.db, input.project, input.version)),
});
