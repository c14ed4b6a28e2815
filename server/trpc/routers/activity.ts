import { z } from "zod";
import { activityFilterOptions, activityFilterSchema, listActivity } from "../../queries/activity";
import { procedureFor, router } from "../init";

const read = procedureFor("read");

export const activityRouter = router({
  list: read
    .input(activityFilterSchema.extend({ cursor: z.number().int().positive().nullish() }))
    .query(({ ctx, input: { cursor, ...filter } }) => listActivity(ctx.db, filter, { cursor })),
  filters: read.query(({ ctx }) => activityFilterOptions(ctx.db)),
});
