import dns from "node:dns";
import type { LookupFunction } from "node:net";
import { ipLiteralOf, judgeAddress } from "../domain/addresses";

export class TargetRefused extends Error {}

/** Is this address out of bounds for outbound requests (server/domain/addresses.ts)? */
export function isForbiddenAddress(address: string, allowPrivate = false): boolean {
  const verdict = judgeAddress(address);
  return !verdict.allowed && !(allowPrivate && verdict.severity === "private");
}

/** Throws TargetRefused when `address`, which `host` named or resolved to, may not be reached. */
export function checkAddress(host: string, address: string, allowPrivate: boolean): void {
  const verdict = judgeAddress(address);
  if (verdict.allowed || (allowPrivate && verdict.severity === "private")) return;
  const named = host === address ? `${address} is` : `${host} resolves to ${address},`;
  throw new TargetRefused(
    verdict.severity === "private"
      ? `${named} ${verdict.reason}; refused (set RELEASEBOARD_ALLOW_PRIVATE_TARGETS=1 to allow)`
      : `${named} ${verdict.reason}; refused`,
  );
}

/**
 * The `lookup` of every guarded outbound connection (server-side request forgery): the name is
 * resolved once, every address it resolves to is checked, and the socket connects to one of
 * those very addresses — there is no second lookup for a rebinding DNS server to answer
 * differently. Node skips `lookup` for an IP literal; `guardHost` checks those.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (host, options, callback) => {
    dns.lookup(host, { ...options, all: true, verbatim: true }, (error, found) => {
      if (error) return callback(error, "", 0);
      try {
        if (found.length === 0) throw new TargetRefused(`${host} does not resolve`);
        for (const { address } of found) checkAddress(host, address, allowPrivate);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, "", 0);
      }
      if (options.all) callback(null, found);
      else callback(null, found[0]!.address, found[0]!.family);
    });
  };
}

/** Checks a URL's host when it is an IP literal (`[::127.0.0.1]`); names are checked by guardedLookup. */
export function guardHost(hostname: string, allowPrivate: boolean): void {
  const literal = ipLiteralOf(hostname);
  if (literal) checkAddress(literal, literal, allowPrivate);
}
