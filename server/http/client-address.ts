import { BlockList, isIP } from "node:net";

/** The reverse proxies named in TRUST_PROXY; empty means none (the socket's address is the client's). */
export type TrustedProxies = { list: BlockList; empty: boolean };

const plain = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");

/** Parses TRUST_PROXY: comma-separated addresses or CIDR ranges, IPv4 or IPv6 ("10.0.0.0/8, ::1"). */
export function parseTrustedProxies(value: string): TrustedProxies {
  const list = new BlockList();
  const entries = value
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    if (!family) throw new Error(`"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8 or 127.0.0.1)`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128))
      throw new Error(`"${entry}" has an invalid prefix length`);
    list.addSubnet(address, bits, type);
  }
  return { list, empty: entries.length === 0 };
}

function trusted(proxies: TrustedProxies, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address: the socket's, unless that is a trusted proxy; then X-Forwarded-For
 * is read from the right, skipping trusted proxies, and the first other address is the
 * client (what a client writes at the left of the header itself is never believed).
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  proxies: TrustedProxies,
): string {
  let address = plain(socketAddress ?? "unknown");
  if (proxies.empty || !trusted(proxies, address)) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((hop) => plain(hop.trim()))
    .filter(Boolean);
  while (hops.length) {
    const hop = hops.pop()!;
    if (!isIP(hop)) return address;
    address = hop;
    if (!trusted(proxies, hop)) return address;
  }
  return address;
}
