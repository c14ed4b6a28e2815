import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, sessions, users, verifications } from "../../db/schema";
import { hashPassword, passwordRules, verifyPassword } from "./password";
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
    logger: { log: logAuth },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * A refused sign-in (a wrong password, a disabled account) is the answer working, not a failure;
 * better-auth would print it as WARN and ERROR on every attempt, in the server's log and the
 * tests' output alike. Anything else it reports is printed as it would print it.
 */
const expectedRefusals = ["Invalid password", "Failed to create session"];

function logAuth(level: "debug" | "info" | "warn" | "error", message: string, ...args: unknown[]) {
  if (expectedRefusals.includes(message)) return;
  const print = level === "error" ? console.error : level === "warn" ? console.warn : console.log;
  print(`${level.toUpperCase()} [Better Auth]: ${message}`, ...args);
}
