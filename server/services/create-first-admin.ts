import { z } from "zod";
import { hashPassword } from "../auth/password";
import { hasUsers } from "../auth/session";
import { conflict } from "../errors";
import { parseInput, type ServiceContext } from "./context";
import { emailSchema, insertUser, passwordSchema } from "./add-user";

export const createFirstAdminInput = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "must not be empty").max(100),
  password: passwordSchema,
});

/**
 * The first-run page's only action: creates the admin account on a database with no
 * users. Anyone may call it, exactly once; afterwards it refuses.
 */
export async function createFirstAdmin({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof createFirstAdminInput>;
}) {
  const data = parseInput(createFirstAdminInput, input);
  if (await hasUsers(ctx.db)) throw conflict("Releaseboard is already set up: sign in instead");
  const hash = await hashPassword(data.password);
  return insertUser(ctx, { ...data, role: "admin" }, hash, { onlyIfFirst: true });
}
