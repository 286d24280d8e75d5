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

/** The IPv4 address embedded in an IPv6 form that reaches IPv4 (mapped, compatible, NAT64, 6to4). */
export function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:(?:0:)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  const pair = hex ?? sixToFour;
  if (!pair) return null;
  const hi = parseInt(pair[1]!, 16);
  const lo = parseInt(pair[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Default policy: why an address is off limits, or null for public unicast addresses. */
export function blockedReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `not an IP address: ${address}`;
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  if (v4 && isIP(v4) === 4) {
    if (v4 === '255.255.255.255') return `broadcast address ${address}`;
    for (const [label, list] of LISTS) if (list.check(v4, 'ipv4')) return `${label} address ${address}`;
    return null;
  }
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
