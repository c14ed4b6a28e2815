/**
 * Refuses state-changing requests that a browser could have been tricked into sending
 * from another site: a foreign Origin, a cross-site fetch, or a body that is not JSON
 * (HTML forms can post text/plain and form encodings cross-site without a preflight).
 * Returns the reason to refuse, or null.
 */
export function csrfRefusal(request: Request, ownOrigin: string): string | null {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return null;
  const origin = request.headers.get("origin");
  const host = request.headers.get("host");
  if (origin && origin !== ownOrigin && !(host && origin === `${new URL(ownOrigin).protocol}//${host}`)) {
    return `cross-origin request from ${origin} refused`;
  }
  if (request.headers.get("sec-fetch-site") === "cross-site") return "cross-site request refused";
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return "mutations must be sent as application/json";
  return null;
}
