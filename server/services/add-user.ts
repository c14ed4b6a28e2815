import { first } from "../../db/client";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { accounts, users, type User } from "../../db/schema";
import { hashPassword, passwordRules } from "../auth/password";
import { passwordWeakness } from "../auth/password-strength";
import { roles, type Role } from "../domain/permissions";
import type { Tx } from "../../db/client";
import { conflict } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type ServiceContext } from "./context";
import { recordAudit } from "../engine";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "must be an email address" }).max(254));

/** The password rule (README: Security): 12 to 256 characters, and not a common or easily guessed one. */
export const passwordSchema = z
  .string()
  .min(passwordRules.min, `must be at least ${passwordRules.min} characters`)
  .max(passwordRules.max, `must be at most ${passwordRules.max} characters`)
  .superRefine((password, ctx) => {
    const weakness = passwordWeakness(password);
    if (weakness) ctx.addIssue({ code: "custom", message: weakness });
  });

export const addUserInput = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "must not be empty").max(100),
  role: z.enum(roles, { error: `must be one of ${roles.join(", ")}` }),
  password: passwordSchema,
  /** Only for seeding known demo accounts. */
  id: z.string().min(1).max(100).optional(),
});
export type AddUserInput = z.input<typeof addUserInput>;

/**
 * Creates a person who can sign in with email and password. Hashing is deliberately slow,
 * so it happens before the (synchronous) write transaction.
 */
export async function addUser({ ctx, input }: { ctx: ServiceContext; input: AddUserInput }): Promise<User> {
  authorize(ctx, "user.manage");
  const data = parseInput(addUserInput, input);
  const hash = await hashPassword(data.password);
  return insertUser(ctx, data, hash);
}

export async function insertUser(
  ctx: ServiceContext,
  data: z.output<typeof addUserInput>,
  passwordHash: string,
  options: { onlyIfFirst?: boolean } = {},
): Promise<User> {
  return writeTransaction(ctx, async (tx) => {
    // Checked inside the transaction so two racing first-run submissions cannot both win.
    if (options.onlyIfFirst && (await first(tx.select({ id: users.id }).from(users).limit(1)))) {
      throw conflict("Releaseboard is already set up: sign in instead");
    }
    if (await first(tx.select({ id: users.id }).from(users).where(eq(users.email, data.email)))) {
      throw conflict(`A user with email ${data.email} already exists`);
    }
    const now = clock(ctx);
    const id = data.id ?? randomUUID();
    const user = await insertPerson(tx, { id, email: data.email, name: data.name, role: data.role }, passwordHash, now);
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: null,
        kind: "user.created",
        summary: `${ctx.actor.name} added ${data.name} <${data.email}> as ${data.role}`,
        detail: { userId: id, role: data.role },
      },
      now,
    );
    return user;
  });
}

/** The rows of a person who signs in with a password: the user and their credential account. */
export async function insertPerson(
  tx: Tx,
  person: { id: string; email: string; name: string; role: Role },
  passwordHash: string,
  now: Date,
): Promise<User> {
  const user = (await first(
    tx
      .insert(users)
      .values({ ...person, emailVerified: true, createdAt: now, updatedAt: now })
      .returning(),
  ))!;
  await tx
    .insert(accounts)
    .values({
      id: randomUUID(),
      accountId: person.id,
      providerId: "credential",
      userId: person.id,
      password: passwordHash,
      createdAt: now,
      updatedAt: now,
    });
  return user;
}
