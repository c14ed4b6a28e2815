import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, sessions, users, verifications } from "../../db/schema";
import { hashPassword, passwordRules, verifyPassword } from "./password";
import { passwordWeakness } from "./password-strength";
import { resolveAuthSecret } from "./secret";
import { withHashedSessionTokens } from "./hashed-sessions";

/** Set by the server on every request from the socket's address; a client's own value is dropped. */
export const clientIpHeader = "x-releaseboard-client-ip";

export function createAuth(db: Db, options: { databasePath: string; baseUrl: string }) {
  const secure = options.baseUrl.startsWith("https://");
  return betterAuth({
    appName: "Releaseboard",
    baseURL: options.baseUrl,
    basePath: "/api/auth",
    secret: resolveAuthSecret(options.databasePath),
    trustedOrigins: [new URL(options.baseUrl).origin],
    // Session tokens are stored as digests (server/auth/hashed-sessions.ts).
    database: withHashedSessionTokens(
      drizzleAdapter(db, {
        provider: "sqlite",
        schema: { user: users, session: sessions, account: accounts, verification: verifications },
      }),
    ),
    emailAndPassword: {
      enabled: true,
      // Accounts are made by an admin (CLI or first-run page), never by sign-up.
      disableSignUp: true,
      minPasswordLength: passwordRules.min,
      maxPasswordLength: passwordRules.max,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
        disabledAt: { type: "date", required: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // Names are what a sign-off shows; an admin sets them (`user add`), so nobody can
        // become "bo2 approved" or carry a javascript: image by editing their own profile.
        if (ctx.path === "/update-user") {
          throw new APIError("FORBIDDEN", { message: "Names are set by an admin" });
        }
        // Every password set through better-auth follows the same rule as `user add` and /setup.
        const newPassword = (ctx.body as { newPassword?: unknown } | undefined)?.newPassword;
        const weakness = typeof newPassword === "string" ? passwordWeakness(newPassword) : null;
        if (weakness) throw new APIError("BAD_REQUEST", { message: `The new password ${weakness}` });
        // A changed password ends every other session, whatever the client asked for.
        if (ctx.path === "/change-password") {
          return { context: { body: { ...(ctx.body as Record<string, unknown>), revokeOtherSessions: true } } };
        }
      }),
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled user cannot start a session, whatever the password says.
          before: async (session) => {
            const user = db
              .select({ disabledAt: users.disabledAt })
              .from(users)
              .where(eq(users.id, session.userId))
              .get();
            return user && !user.disabledAt ? { data: session } : false;
          },
        },
      },
    },
    // Sign-in attempts are limited by our own limiter (server/auth/login-limiter.ts),
    // which counts failures only, so the library's blanket limits are off.
    rateLimit: { enabled: false },
    advanced: {
      useSecureCookies: secure,
      ipAddress: { ipAddressHeaders: [clientIpHeader] },
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
