import "server-only";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { actorFromRequest, hasUsers } from "@/server/auth/session";
import { runtime } from "@/server/runtime";

/** The signed-in person for this request (cached per request), or null. */
export const currentUser = cache(async () => {
  const { auth, db } = runtime();
  return actorFromRequest(auth, db, await headers());
});

/** For pages behind sign-in: first run goes to /setup, no session to /login. */
export async function requireUser() {
  if (!hasUsers(runtime().db)) redirect("/setup");
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
