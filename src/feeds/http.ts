// HTTP GET for feeds and article pages, with every limit a poller of strangers' servers needs.
//
// node:http/https rather than fetch: fetch cannot pin the connection to a checked address per
// redirect hop, separate the connect timeout from the total one, or stop a body mid-stream at
// a byte cap before decompression. Redirects are followed by hand so each hop is re-checked
// by the address guard; bodies are decompressed with an output cap (zip bombs).
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { IncomingMessage, IncomingHttpHeaders } from 'node:http';
import type { LookupFunction } from 'node:net';
import { promisify } from 'node:util';
import pkg from '../../package.json' with { type: 'json' };
import { RefusedError, bareHost, defaultGuard, resolveChecked, type AddressGuard, type ResolvedAddress } from './guard.ts';

export interface FetchOptions {
  /** Whole request, all redirect hops and the body included. */
  timeoutMs: number;
  /** TCP connect of each hop. */
  connectTimeoutMs: number;
  /** Cap on the body, both as received and after decompression. */
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Skip the address guard (tests, benchmarks, a self-hosted intranet feed). */
  allowPrivateAddresses: boolean;
  /** Replaces the resolver and/or the address policy (tests). */
  guard?: Partial<AddressGuard>;
}

export const USER_AGENT = `newsbrief/${pkg.version} (+https://github.com/newsbrief/newsbrief)`;

export const defaultFetchOptions: FetchOptions = {
  timeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: USER_AGENT,
  allowPrivateAddresses: false,
};

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';
export const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

export interface FetchRequest {
  url: string;
  etag?: string;
  lastModified?: string;
  accept?: string;
}

export interface FetchResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** Decompressed body; empty for 304 and error statuses (they are not read). */
  body: Buffer;
  /** URL of the last hop. */
  url: string;
  /** Hops followed, oldest first (empty when there was no redirect). */
  redirects: string[];
  /** True when every redirect followed was permanent (301/308): the URL has moved for good. */
  movedPermanently: boolean;
}

export type FetchErrorKind = 'timeout' | 'too-large' | 'redirect' | 'refused' | 'scheme' | 'network' | 'decode';

/** A fetch that did not produce a response; the message is the human reason. */
export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))}s`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${Number((n / 1024 / 1024).toFixed(1))} MB`;
}

function checkedUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchError('scheme', `invalid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('scheme', `refused: only http and https URLs are fetched, not ${url.protocol.replace(/:$/, '')}`);
  }
  return url;
}

/** A `lookup` that answers only the address the guard approved (no second DNS query). */
function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

function requestOnce(
  url: URL,
  target: ResolvedAddress,
  headers: Record<string, string>,
  options: FetchOptions,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const isHttps = url.protocol === 'https:';
    const host = bareHost(url.hostname);
    const req = (isHttps ? https : http).request({
      protocol: url.protocol,
      hostname: host,
      port: url.port || (isHttps ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      agent: false,
      lookup: pinnedLookup(target),
      signal,
      ...(isHttps ? { servername: host } : {}),
    });
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => {
        req.destroy(new FetchError('timeout', `connect timed out after ${formatDuration(options.connectTimeoutMs)}`));
      }, options.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

async function readCapped(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new FetchError('too-large', `response too large: ${formatBytes(declared)} declared, limit is ${formatBytes(maxBytes)}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      res.destroy();
      throw new FetchError('too-large', `response exceeded the ${formatBytes(maxBytes)} limit (download aborted)`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

async function decompress(body: Buffer, encodingHeader: string | undefined, maxBytes: number): Promise<Buffer> {
  const codings = (encodingHeader ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c && c !== 'identity');
  // Servers that gzip a feed file without saying so: the gzip magic number is unambiguous.
  if (codings.length === 0 && body[0] === 0x1f && body[1] === 0x8b) codings.push('gzip');
  let out = body;
  const opts = { maxOutputLength: maxBytes };
  try {
    for (const coding of codings.reverse()) {
      if (coding === 'gzip' || coding === 'x-gzip') out = await gunzip(out, opts);
      // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
      else if (coding === 'deflate') out = (out[0]! & 0x0f) === 8 && ((out[0]! << 8) | out[1]!) % 31 === 0 ? await inflate(out, opts) : await inflateRaw(out, opts);
      else if (coding === 'br') out = await brotli(out, opts);
      else throw new FetchError('decode', `unsupported Content-Encoding: ${coding}`);
    }
  } catch (e) {
    if (e instanceof FetchError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new FetchError('too-large', `decompressed response exceeded the ${formatBytes(maxBytes)} limit`);
    }
    throw new FetchError('decode', `could not decompress the ${codings.join('+')} body: ${(e as Error).message}`);
  }
  return out;
}

/** The promise's outcome, or a rejection as soon as the signal aborts (a hung DNS lookup cannot outlast the deadline). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function networkReason(e: NodeJS.ErrnoException, url: URL): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${url.host}`;
    case 'ECONNRESET':
      return `connection reset by ${url.host}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${url.host} is unreachable`;
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `TLS certificate problem at ${url.host}: ${e.code}`;
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_HEADER_TOKEN':
      return `malformed HTTP response from ${url.host}`;
    default:
      return `network error from ${url.host}: ${e.code ?? e.message}`;
  }
}

/**
 * GETs `request.url` under the limits in `options`. Resolves with any HTTP status (3xx other
 * than redirects, 4xx and 5xx come back unread); rejects with FetchError for everything that
 * produced no status: timeouts, caps, refused addresses, redirect loops, network failures.
 */
export async function fetchUrl(request: FetchRequest, options: FetchOptions): Promise<FetchResponse> {
  const guard: AddressGuard = { ...defaultGuard, ...options.guard };
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(), options.timeoutMs);
  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: request.accept ?? FEED_ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;
  let url = checkedUrl(request.url);
  const redirects: string[] = [];
  const visited = new Set([url.href]);
  let allPermanent = true;
  try {
    for (;;) {
      const target = await untilAborted(resolveChecked(url.hostname, guard, options.allowPrivateAddresses), controller.signal);
      let res: IncomingMessage;
      try {
        res = await requestOnce(url, target, headers, options, controller.signal);
      } catch (e) {
        if (e instanceof FetchError || controller.signal.aborted) throw e;
        throw new FetchError('network', networkReason(e as NodeJS.ErrnoException, url));
      }
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location) {
        res.destroy();
        const next = checkedUrl(location, url);
        if (visited.has(next.href)) throw new FetchError('redirect', `redirect loop: ${[...visited, next.href].join(' -> ')}`);
        if (redirects.length >= options.maxRedirects) throw new FetchError('redirect', `too many redirects (more than ${options.maxRedirects})`);
        redirects.push(url.href);
        visited.add(next.href);
        if (status !== 301 && status !== 308) allPermanent = false;
        // A changed origin must not receive validators meant for the first one.
        if (next.origin !== url.origin) {
          delete headers['if-none-match'];
          delete headers['if-modified-since'];
        }
        url = next;
        continue;
      }
      const movedPermanently = redirects.length > 0 && allPermanent;
      const base = { status, statusText: res.statusMessage ?? '', headers: res.headers, url: url.href, redirects, movedPermanently };
      if (status < 200 || status >= 300) {
        res.destroy();
        return { ...base, body: Buffer.alloc(0) };
      }
      const raw = await readCapped(res, options.maxBytes);
      const body = await decompress(raw, res.headers['content-encoding'], options.maxBytes);
      return { ...base, body };
    }
  } catch (e) {
    if (controller.signal.aborted) throw new FetchError('timeout', `timed out after ${formatDuration(options.timeoutMs)}`);
    if (e instanceof FetchError) throw e;
    if (e instanceof RefusedError) {
      throw new FetchError('refused', redirects.length ? `${e.message} (redirected from ${redirects[0]})` : e.message);
    }
    throw new FetchError('network', networkReason(e as NodeJS.ErrnoException, url));
  } finally {
    clearTimeout(deadline);
  }
}
