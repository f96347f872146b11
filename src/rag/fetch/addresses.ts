import ipaddr from "ipaddr.js";

/**
 * Which addresses the fetcher may connect to. Only public unicast addresses, by default: a URL
 * a moderator (or a feed, or a redirect) gives must never reach the machine itself, the private
 * network, a cloud's metadata service (169.254.169.254) or a CGNAT peer. Intranet deployments and
 * tests list what they trust in FETCH_ALLOW_HOSTS: host names, addresses or CIDR ranges.
 */
export interface AddressPolicy {
  /** Host names (lower case) whose every address is allowed. */
  hosts: ReadonlySet<string>;
  /** Address ranges allowed whatever the host name. */
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** The policy that allows public addresses only. */
export const PUBLIC_ONLY: AddressPolicy = { hosts: new Set(), ranges: [] };

/** Parses FETCH_ALLOW_HOSTS entries ("127.0.0.1", "10.0.0.0/8", "::1", "intranet.example"); throws on a malformed range. */
export function parseAllowList(entries: readonly string[]): AddressPolicy {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of entries) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, "");
    if (!entry) continue;
    if (entry.includes("/")) ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const address = ipaddr.parse(entry);
      ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
    } else hosts.add(entry);
  }
  return { hosts, ranges };
}

/** The kind of an address that is not public (its range's name), or undefined for a public unicast address. */
function privateKind(address: ipaddr.IPv4 | ipaddr.IPv6): string | undefined {
  const range = address.range();
  return range === "unicast" ? undefined : range;
}

const inRange = (address: ipaddr.IPv4 | ipaddr.IPv6, [net, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]) =>
  address.kind() === net.kind() && address.match(net, bits);

/**
 * Why connecting to `address` (for the URL's `host`) is refused, or undefined when it is allowed.
 * An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
 */
export function whyAddressRefused(host: string, address: string, policy: AddressPolicy): string | undefined {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (policy.hosts.has(host.toLowerCase().replace(/^\[|\]$/g, ""))) return undefined;
  if (policy.ranges.some((range) => inRange(parsed, range))) return undefined;
  const kind = privateKind(parsed);
  return kind
    ? `${host} is a ${describe(kind)} address (${parsed.toString()}); only public addresses are fetched unless FETCH_ALLOW_HOSTS lists it`
    : undefined;
}

const KIND_NAMES: Record<string, string> = {
  loopback: "loopback",
  private: "private",
  linkLocal: "link-local",
  carrierGradeNat: "carrier-grade NAT",
  multicast: "multicast",
  uniqueLocal: "unique-local (private IPv6)",
  unspecified: "unspecified",
  broadcast: "broadcast",
  ipv4Mapped: "IPv4-mapped",
};

const describe = (kind: string) => KIND_NAMES[kind] ?? `reserved (${kind})`;

/** True when `host` is an IP literal (the connection goes there without a lookup). */
export const isIpLiteral = (host: string) => ipaddr.isValid(host.replace(/^\[|\]$/g, ""));
