import "server-only";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { actorFromRequest, hasUsers } from "@/server/auth/session";
import { runtime } from "@/server/runtime";
import { safeReturnTo } from "@/server/domain/notifications";
import { requestPathHeader } from "./request-path";

/** The signed-in person for this request (cached per request), or null. */
export const currentUser = cache(async () => {
  const { auth, db } = runtime();
  return actorFromRequest(auth, db, await headers());
});

/**
 * For pages behind sign-in: first run goes to /setup, no session to /login, which returns
 * the person to the page they asked for (proxy.ts says which).
 */
export async function requireUser() {
  if (!(await hasUsers(runtime().db))) redirect("/setup");
  const user = await currentUser();
  if (!user) {
    const asked = safeReturnTo((await headers()).get(requestPathHeader));
    redirect(asked === "/" ? "/login" : `/login?returnTo=${encodeURIComponent(asked)}`);
  }
  return user;
}
