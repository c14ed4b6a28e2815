import { first } from "../../db/client";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins";
import { eq } from "drizzle-orm";
import { authAdapterDatabases, writeTransaction, type Db } from "../../db/client";
import { accounts, currentDialect, sessions, users, verifications } from "../../db/schema";
import { hashPassword, passwordRules, verifyPassword } from "./password";
import { passwordWeakness } from "./password-strength";
import { resolveAuthSecret } from "./secret";
import { withHashedSessionTokens } from "./hashed-sessions";
import type { OidcConfig } from "../config";
import { systemActor } from "../domain/permissions";
import { syncSsoTeams } from "../services/sync-sso-teams";

/** The one OpenID Connect provider's id in better-auth's routes: /api/auth/oauth2/callback/oidc. */
export const oidcProviderId = "oidc";

/** Set by the server on every request from the socket's address; a client's own value is dropped. */
export const clientIpHeader = "x-releaseboard-client-ip";

export function createAuth(db: Db, options: { databasePath: string; baseUrl: string; oidc?: OidcConfig | null }) {
  const secure = options.baseUrl.startsWith("https://");
  const oidc = options.oidc ?? null;
  /** The groups claim of a sign-in in progress, by e-mail: from the profile to the account's teams. */
  const groupsAtSignIn = new Map<string, string[]>();
  // Reads on the database; writes on its writer, each in a write transaction (server/auth/hashed-sessions.ts).
  const adapterDatabases = authAdapterDatabases(db) as unknown as Record<
    "reads" | "writes",
    Parameters<typeof drizzleAdapter>[0]
  >;
  const adapterOptions = {
    provider: currentDialect() === "postgres" ? ("pg" as const) : ("sqlite" as const),
    schema: { user: users, session: sessions, account: accounts, verification: verifications },
  };
  return betterAuth({
    appName: "Releaseboard",
    baseURL: options.baseUrl,
    basePath: "/api/auth",
    secret: resolveAuthSecret(options.databasePath),
    trustedOrigins: [new URL(options.baseUrl).origin],
    // Session tokens are stored as digests (server/auth/hashed-sessions.ts).
    database: withHashedSessionTokens(
      drizzleAdapter(adapterDatabases.reads, adapterOptions),
      drizzleAdapter(adapterDatabases.writes, adapterOptions),
      (work) => writeTransaction(db, work),
    ),
    emailAndPassword: {
      // OIDC_ONLY=1: people sign in through the provider only.
      enabled: !oidc?.only,
      // Accounts are made by an admin (CLI or first-run page), never by sign-up.
      disableSignUp: true,
      minPasswordLength: passwordRules.min,
      maxPasswordLength: passwordRules.max,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    user: {
      additionalFields: {
        // A person's first single sign-on makes their account with OIDC_DEFAULT_ROLE; accounts an
        // admin made beforehand keep the role given then (linked by e-mail below).
        role: { type: "string", required: false, defaultValue: oidc?.defaultRole ?? "viewer", input: false },
        disabledAt: { type: "date", required: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    account: { accountLinking: { enabled: true, trustedProviders: [oidcProviderId] } },
    plugins: oidc
      ? [
          genericOAuth({
            config: [
              {
                providerId: oidcProviderId,
                discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
                clientId: oidc.clientId,
                clientSecret: oidc.clientSecret,
                scopes: oidc.scopes,
                // Authorization code with PKCE; state and nonce are checked by better-auth.
                pkce: true,
                tokenEndpointAuth: { method: "client_secret_basic" },
                requireIdTokenVerification: true,
                mapProfileToUser: (profile) => {
                  const email = String(profile.email ?? "").toLowerCase();
                  const claimed = profile[oidc.groupsClaim];
                  // Read by the after-hook of this same callback, once the account is known.
                  // Bounded: a sign-in the provider approved but that never reached its callback leaves an entry.
                  if (groupsAtSignIn.size >= 1000) groupsAtSignIn.clear();
                  if (email) groupsAtSignIn.set(email, Array.isArray(claimed) ? claimed.map(String).slice(0, 500) : []);
                  return { name: String(profile.name ?? profile.preferred_username ?? email ?? "Unnamed"), email };
                },
              },
            ],
          }),
        ]
      : [],
    hooks: {
      after: createAuthMiddleware(async (ctx) => {
        // A single sign-on just made a session: mirror the provider's groups into the teams that name one.
        const user = ctx.context.newSession?.user;
        if (!oidc || !ctx.path.startsWith("/callback/") || !user) return;
        const groups = groupsAtSignIn.get(user.email.toLowerCase());
        groupsAtSignIn.delete(user.email.toLowerCase());
        if (groups) await syncSsoTeams({ ctx: { db, actor: systemActor }, input: { userId: user.id, groups } });
      }),
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
        // A provider that is down gets a clear answer here, before the browser is sent to it.
        if (ctx.path === "/sign-in/social" && oidc && !(await reachable(oidc.issuer))) {
          throw new APIError("SERVICE_UNAVAILABLE", { message: `${oidc.name} cannot be reached right now` });
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
            const user = await first(
              db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, session.userId)),
            );
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

/** Whether the provider answers its discovery document within a few seconds. */
async function reachable(issuer: string): Promise<boolean> {
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * A refused sign-in (a wrong password, a disabled account) is the answer working, not a failure;
 * better-auth would print it as WARN and ERROR on every attempt, in the server's log and the
 * tests' output alike. Anything else it reports is printed as it would print it.
 */
const expectedRefusals = ["Invalid password", "User not found", "Failed to create session"];

function logAuth(level: "debug" | "info" | "warn" | "error", message: string, ...args: unknown[]) {
  if (expectedRefusals.includes(message)) return;
  const print = level === "error" ? console.error : level === "warn" ? console.warn : console.log;
  print(`${level.toUpperCase()} [Better Auth]: ${message}`, ...args);
}
