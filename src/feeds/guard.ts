// Address guard against server-side request forgery: a feed URL (or a redirect, or a link in a
// feed) must not make the bot talk to loopback, the private network or cloud metadata.
//
// The host name is resolved here, every address is checked, and the connection is then pinned
// to the checked address (http.ts passes a `lookup` that returns only it), so a DNS answer that
// changes between check and connect (rebinding) cannot slip through. Tests inject `resolve`
// and `check` to exercise the rules against a loopback server.
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface AddressGuard {
  resolve: Resolver;
  /** Why the address must not be contacted ("private address 10.0.0.1"), or null when it may. */
  check: (address: string) => string | null;
}

// Many feeds share a host; a short-lived cache spares the resolver (getaddrinfo runs on
// libuv's small thread pool). Caching does not weaken the guard: every answer is still
// checked, and connections are pinned to the checked address.
const DNS_CACHE_MS = 60_000;
const DNS_CACHE_MAX = 10_000;
const dnsCache = new Map<string, { at: number; answers: ResolvedAddress[] }>();

export const systemResolver: Resolver = async (hostname) => {
  const key = hostname.toLowerCase();
  const hit = dnsCache.get(key);
  if (hit && Date.now() - hit.at < DNS_CACHE_MS) return hit.answers;
  const answers = (await lookup(hostname, { all: true, verbatim: true })).map(
    (a): ResolvedAddress => ({ address: a.address, family: a.family === 6 ? 6 : 4 }),
  );
  if (dnsCache.size >= DNS_CACHE_MAX) dnsCache.clear();
  dnsCache.set(key, { at: Date.now(), answers });
  return answers;
};

// [label, IPv4 ranges, IPv6 ranges]; the label goes into the refusal message.
const RANGES: [string, string[], string[]][] = [
  ['loopback', ['127.0.0.0/8'], ['::1/128']],
  ['unspecified', ['0.0.0.0/8'], ['::/128']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], ['fc00::/7']],
  ['link-local', ['169.254.0.0/16'], ['fe80::/10']],
  ['carrier-grade NAT', ['100.64.0.0/10'], []],
  ['multicast', ['224.0.0.0/4'], ['ff00::/8']],
  ['reserved', ['240.0.0.0/4', '192.0.0.0/24', '198.18.0.0/15'], ['100::/64', '2001:db8::/32']],
  ['documentation', ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'], []],
];

const LISTS: [string, BlockList][] = RANGES.map(([label, v4, v6]) => {
  const list = new BlockList();
  for (const cidr of v4) {
    const [net, bits] = cidr.split('/') as [string, string];
    list.addSubnet(net, Number(bits), 'ipv4');
  }
  for (const cidr of v6) {
    const [net, bits] = cidr.split('/') as [string, string];
    list.addSubnet(net, Number(bits), 'ipv6');
  }
  return [label, list];
});

/** The eight 16-bit groups of a valid IPv6 address (any spelling: `::`, a dotted IPv4 tail, a zone). */
function hextets(address: string): number[] {
  let a = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (dotted) {
    const [b0, b1, b2, b3] = dotted.slice(1).map(Number) as [number, number, number, number];
    a = `${a.slice(0, dotted.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head = '', tail] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((h) => parseInt(h, 16));
}

const ipv4Of = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');

/**
 * The IPv4 addresses an IPv6 address reaches or carries, and whether it simply is that IPv4 address:
 * mapped (::ffff:0:0/96), translated (::ffff:0:0:0/96), compatible (::/96, deprecated) and NAT64
 * (64:ff9b::/96) forms are the IPv4 address; 6to4 (2002::/16) and Teredo (2001::/32: server, and
 * client with its bits inverted) tunnel to the ones they embed.
 */
export function embeddedIpv4(address: string): { ipv4: string[]; isIpv4: boolean } {
  const h = hextets(address);
  const zero = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);
  const last = ipv4Of(h[6]!, h[7]!);
  if (zero(0, 5) && h[5] === 0xffff) return { ipv4: [last], isIpv4: true };
  if (zero(0, 4) && h[4] === 0xffff && h[5] === 0) return { ipv4: [last], isIpv4: true };
  // :: and ::1 are the IPv6 unspecified and loopback addresses, not IPv4-compatible ones.
  if (zero(0, 6) && !(h[6] === 0 && h[7]! <= 1)) return { ipv4: [last], isIpv4: true };
  if (h[0] === 0x64 && h[1] === 0xff9b && zero(2, 6)) return { ipv4: [last], isIpv4: true };
  if (h[0] === 0x2002) return { ipv4: [ipv4Of(h[1]!, h[2]!)], isIpv4: false };
  if (h[0] === 0x2001 && h[1] === 0) return { ipv4: [ipv4Of(h[2]!, h[3]!), ipv4Of(h[6]! ^ 0xffff, h[7]! ^ 0xffff)], isIpv4: false };
  return { ipv4: [], isIpv4: false };
}

function ipv4Reason(v4: string): string | null {
  if (v4 === '255.255.255.255') return 'broadcast';
  for (const [label, list] of LISTS) if (list.check(v4, 'ipv4')) return label;
  return null;
}

/** Default policy: why an address is off limits, or null for public unicast addresses. */
export function blockedReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `not an IP address: ${address}`;
  if (family === 4) {
    const label = ipv4Reason(address);
    return label ? `${label} address ${address}` : null;
  }
  const h = hextets(address);
  // Site-local (fec0::/10, deprecated but still routed privately) and local-use NAT64 (64:ff9b:1::/48,
  // where the IPv4 position depends on a prefix length only the local network knows) are refused whole.
  if ((h[0]! & 0xffc0) === 0xfec0) return `site-local address ${address}`;
  if (h[0] === 0x64 && h[1] === 0xff9b && h[2] === 1) return `local-use NAT64 address ${address}`;
  const embedded = embeddedIpv4(address);
  for (const v4 of embedded.ipv4) {
    const label = ipv4Reason(v4);
    if (label) return `${label} address ${address}`;
  }
  if (embedded.isIpv4) return null;
  for (const [label, list] of LISTS) if (list.check(address, 'ipv6')) return `${label} address ${address}`;
  return null;
}

export const defaultGuard: AddressGuard = { resolve: systemResolver, check: blockedReason };

/** A URL host as an address or name: IPv6 literals lose their brackets. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

export class RefusedError extends Error {
  override name = 'RefusedError';
}

/**
 * The address to connect to for `hostname`. Every resolved address is checked (an answer
 * mixing public and private addresses is refused) unless `allowPrivate` is set.
 */
export async function resolveChecked(hostname: string, guard: AddressGuard, allowPrivate: boolean): Promise<ResolvedAddress> {
  const host = bareHost(hostname);
  const literal = isIP(host);
  let answers: ResolvedAddress[];
  if (literal) answers = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      answers = await guard.resolve(host);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new RefusedError(code === 'ENOTFOUND' ? `DNS: host ${host} not found` : `DNS lookup of ${host} failed: ${code ?? (e as Error).message}`);
    }
  }
  if (answers.length === 0) throw new RefusedError(`DNS: no address for ${host}`);
  if (!allowPrivate) {
    for (const a of answers) {
      const reason = guard.check(a.address);
      if (reason) throw new RefusedError(literal ? `refused: ${reason}` : `refused: ${host} resolves to ${reason}`);
    }
  }
  return answers[0]!;
}
