import ipaddr from "ipaddr.js";
import { z } from "zod";

/**
 * Which IP addresses an outbound request may reach (README: Security, "Outbound addresses").
 * Only public unicast addresses: loopback, private, shared (CGNAT), link-local (where cloud
 * metadata lives), multicast, reserved and unspecified ranges are refused, and so is any IPv6
 * form that hides such an IPv4 address (IPv4-mapped, IPv4-compatible, SIIT, NAT64, 6to4).
 */
export type AddressVerdict =
  | { allowed: true }
  /**
   * `private`: a loopback or private network that RELEASEBOARD_ALLOW_PRIVATE_TARGETS=1 lets
   * through (a deploy hook on the same host); `never`: refused whatever the setting.
   */
  | { allowed: false; severity: "private" | "never"; reason: string };

/** Cloud metadata services: AWS/GCP/Azure (IPv4), AWS (IPv6), Alibaba. */
const metadataAddresses = new Set(["169.254.169.254", "fd00:ec2::254", "100.100.100.200"]);

const v4Words: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address",
  carrierGradeNat: "a shared (carrier-grade NAT) address",
  linkLocal: "a link-local address",
  unspecified: "the unspecified address",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
};
const v6Words: Record<string, string> = {
  loopback: "the IPv6 loopback address",
  uniqueLocal: "a private (unique local) IPv6 address",
  linkLocal: "a link-local IPv6 address",
  unspecified: "the unspecified IPv6 address",
  multicast: "a multicast IPv6 address",
  teredo: "a Teredo tunnel address",
};
/** Ranges a server on a private network may be allowed to reach; everything else refused is `never`. */
const privateRanges = new Set(["loopback", "private", "uniqueLocal"]);

const never = (reason: string): AddressVerdict => ({ allowed: false, severity: "never", reason });

function v4From(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 255, low >> 8, low & 255]);
}

/** The IPv4 address an IPv6 address carries, for the forms that route to it. */
function embeddedIpv4(address: ipaddr.IPv6): { v4: ipaddr.IPv4; form: string } | null {
  const p = address.parts;
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  // ::a.b.c.d (IPv4-compatible, deprecated; ::/128 and ::1 are judged as IPv6 below).
  if (zeros(0, 6) && (p[6] !== 0 || p[7]! > 1)) return { v4: v4From(p[6]!, p[7]!), form: "IPv4-compatible" };
  if (zeros(0, 5) && p[5] === 0xffff) return { v4: v4From(p[6]!, p[7]!), form: "IPv4-mapped" };
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return { v4: v4From(p[6]!, p[7]!), form: "IPv4-translated" };
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return { v4: v4From(p[6]!, p[7]!), form: "NAT64" };
  if (p[0] === 0x2002) return { v4: v4From(p[1]!, p[2]!), form: "6to4" };
  return null;
}

function judgeIpv4(address: ipaddr.IPv4): AddressVerdict {
  const text = address.toString();
  if (metadataAddresses.has(text)) return never("a cloud metadata address");
  const range = address.range();
  if (range === "unicast") return { allowed: true };
  const reason = v4Words[range] ?? `a reserved address (${range})`;
  return privateRanges.has(range) ? { allowed: false, severity: "private", reason } : never(reason);
}

/** Judges one IP address (IPv4 or IPv6 text, without brackets); anything that is not one is refused. */
export function judgeAddress(address: string): AddressVerdict {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // parseCIDR-free strict forms only: "0x7f.1" and other classful IPv4 spellings are not addresses here.
    parsed = ipaddr.IPv4.isValidFourPartDecimal(address) ? ipaddr.IPv4.parse(address) : ipaddr.IPv6.parse(address);
  } catch {
    return never("not an IP address");
  }
  if (parsed.kind() === "ipv4") return judgeIpv4(parsed as ipaddr.IPv4);
  const v6 = parsed as ipaddr.IPv6;
  if (metadataAddresses.has(v6.toString())) return never("a cloud metadata address");
  // 64:ff9b:1::/48 is NAT64 for local use (RFC 8215): it leads into the operator's own network.
  if (v6.match(ipaddr.IPv6.parse("64:ff9b:1::"), 48)) return never("a local-use NAT64 address (64:ff9b:1::/48)");
  const embedded = embeddedIpv4(v6);
  if (embedded) {
    const inner = judgeIpv4(embedded.v4);
    if (inner.allowed) return inner;
    return never(`${inner.reason} (${embedded.v4.toString()}) inside an ${embedded.form} IPv6 address`);
  }
  const range = v6.range();
  if (range === "unicast") return { allowed: true };
  const reason = v6Words[range] ?? `a reserved IPv6 address (${range})`;
  return privateRanges.has(range) ? { allowed: false, severity: "private", reason } : never(reason);
}

/** The host of a URL as an IP address, or null when it is a name (`[::1]` → `::1`). */
export function ipLiteralOf(hostname: string): string | null {
  const host = hostname.replace(/^\[|\]$/g, "");
  return ipaddr.isValid(host) && (host.includes(":") || ipaddr.IPv4.isValidFourPartDecimal(host)) ? host : null;
}

/**
 * Why a target URL may not be saved, or null. Literal addresses that can never be a target
 * (metadata, link-local, IPv6 forms hiding a forbidden IPv4, …) are refused here; a plain
 * loopback or private address is refused when sent, unless RELEASEBOARD_ALLOW_PRIVATE_TARGETS=1,
 * and names are judged on every attempt after DNS resolution.
 */
export function savedTargetProblem(url: string): string | null {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return null; // the URL schema says what is wrong with it
  }
  const literal = ipLiteralOf(hostname);
  if (!literal) return null;
  const verdict = judgeAddress(literal);
  return !verdict.allowed && verdict.severity === "never"
    ? `must not point at ${literal}: it is ${verdict.reason}, never a deploy or chat target`
    : null;
}

/** An http(s) URL for an outbound target (a deploy webhook, a chat webhook), checked as savedTargetProblem says. */
export const targetUrlSchema = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .max(2000, "must be at most 2000 characters")
  .superRefine((url, context) => {
    const problem = savedTargetProblem(url);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });
