import ipaddr from 'ipaddr.js';

/**
 * Which addresses outbound requests may reach. Anything that is not plain public unicast is
 * refused: a flow author must not be able to point a request at the worker's own network, its
 * cloud metadata service or a service bound to loopback.
 */

/** Cloud metadata endpoints get a reason of their own: reaching them is the classic SSRF prize. */
const METADATA_ADDRESSES = new Map<string, string>([
  ['169.254.169.254', 'AWS, GCP, Azure, OpenStack'],
  ['169.254.170.2', 'AWS ECS'],
  ['100.100.100.200', 'Alibaba Cloud'],
  ['fd00:ec2::254', 'AWS'],
]);

/** Host names that reach metadata services without looking like an address. */
const METADATA_HOSTNAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

const RANGE_REASONS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  carrierGradeNat: 'a carrier-grade NAT (shared, 100.64.0.0/10) address',
  uniqueLocal: 'a private (unique local, fc00::/7) address',
  linkLocal: 'a link-local address',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
};

/** The address as Node prints it: canonical IPv4, or compressed IPv6. */
export function canonicalAddress(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  return ipaddr.parse(address).toString();
}

/**
 * Why `address` (an IP literal) may not be contacted, as the end of a sentence
 * ("is a private address"); undefined when it is public unicast.
 */
export function addressRefusal(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'is not an IP address';
  const ip = ipaddr.parse(address);
  const text = ip.toString();
  const cloud = METADATA_ADDRESSES.get(text);
  if (cloud) return `is a cloud metadata address (${cloud})`;
  const range = ip.range();
  if (range === 'unicast') return undefined;
  // Mapped and translated IPv6 forms carry an IPv4 address that the network may deliver to: say which.
  if (ip.kind() === 'ipv6' && range === 'ipv4Mapped') {
    const inner = (ip as ipaddr.IPv6).toIPv4Address().toString();
    return `is an IPv4-mapped IPv6 address (${inner}${describeInner(inner)})`;
  }
  const reason = RANGE_REASONS[range];
  return reason ? `is ${reason}` : `is a special-purpose address (${range})`;
}

function describeInner(inner: string): string {
  const refusal = addressRefusal(inner);
  return refusal ? ` ${refusal}` : '';
}

/** Why a host name (not an IP literal) may not be contacted by name; undefined when it may be resolved. */
export function hostnameRefusal(hostname: string): string | undefined {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (METADATA_HOSTNAMES.has(name)) return `${name} is a cloud metadata host`;
  return undefined;
}
