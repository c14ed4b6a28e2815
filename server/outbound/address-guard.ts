import dns from "node:dns";
import net from "node:net";

/**
 * Addresses an outbound request must not reach (server-side request forgery): loopback,
 * private, shared, link-local (cloud metadata lives at 169.254.169.254 and fd00:ec2::254),
 * multicast, reserved and unspecified ranges. Node's own BlockList does the matching.
 */
const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(prefix, bits, "ipv4");
}
for (const [prefix, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(prefix, bits, "ipv6");
}

/** IPv4 addresses hidden in IPv6 (::ffff:a.b.c.d, NAT64 64:ff9b::/96) are judged as IPv4. */
function embeddedIpv4(address: string): string | null {
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

export function isForbiddenAddress(address: string): boolean {
  const v4 = net.isIPv4(address) ? address : embeddedIpv4(address);
  if (v4) return blocked.check(v4, "ipv4");
  return net.isIPv6(address) ? blocked.check(address, "ipv6") : true;
}

export class TargetRefused extends Error {}

/**
 * Resolves a host and refuses it when any of its addresses is forbidden. Returns the
 * address to connect to, so the connection goes where the check looked (no second
 * lookup for a rebinding DNS server to answer differently).
 */
export async function resolveAllowed(hostname: string): Promise<{ address: string; family: 4 | 6 }> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const found = net.isIP(host)
    ? [{ address: host, family: net.isIP(host) as 4 | 6 }]
    : await dns.promises.lookup(host, { all: true, verbatim: true });
  if (found.length === 0) throw new TargetRefused(`${hostname} does not resolve`);
  const bad = found.find((a) => isForbiddenAddress(a.address));
  if (bad) {
    throw new TargetRefused(
      `${hostname} resolves to ${bad.address}, a private, loopback, link-local or metadata address; refused (set RELEASEBOARD_ALLOW_PRIVATE_TARGETS=1 to allow)`,
    );
  }
  return { address: found[0]!.address, family: found[0]!.family as 4 | 6 };
}
