/**
 * The path and query of a request target, as the rest of the server may read it: the
 * origin-form (`/login?x=1`) as sent, the absolute-form (`http://host/login`, which a proxy
 * may send) reduced to its path and query, so the authority a client writes in the request
 * line never reaches a redirect (those are built from BASE_URL; README: Security). Null for
 * the asterisk-form (`OPTIONS *`) and anything else, which server/main.ts answers with 400.
 */
export function originFormTarget(target: string | undefined): string | null {
  if (!target) return null;
  if (target.startsWith("/")) return target;
  if (!/^https?:\/\//i.test(target)) return null;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}
