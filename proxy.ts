import { NextResponse, type NextRequest } from "next/server";
import { requestPathHeader } from "./app/_auth/request-path";

/**
 * Tells server components which path was asked for (Next gives layouts no pathname), so
 * sign-in can return there. Always overwritten here, and only ever used through
 * safeReturnTo, so a client sending its own value gains nothing.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  // From the URL as sent: nextUrl.search re-encodes the query ("/" as %2F).
  const asked = new URL(request.url);
  headers.set(requestPathHeader, `${asked.pathname}${asked.search}`.slice(0, 2000));
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the API, Next's assets or files.
  matcher: ["/((?!api/|_next/|login|setup|welcome|icon\\.svg|favicon\\.ico|screenshots/).*)"],
};
