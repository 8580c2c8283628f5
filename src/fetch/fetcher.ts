/** The one HTTP call site: GET with a wall-clock deadline, size cap, manual redirects, SSRF guard, conditional GET. */
import type { IncomingHttpHeaders } from 'node:http';
import { request, type Dispatcher } from 'undici';
import { FeedmillError } from '../model/errors.js';
import { createGuardedAgent } from './agent.js';
import { ACCEPT_ENCODING, dropBody, readBody, tooLarge } from './body.js';
import { statusError, timeoutError, transportError } from './errors.js';
import { createGuard, type AddressGuard } from './guard.js';

/** Options of one fetcher (one connection pool, one guard). */
export interface FetcherOptions {
  /** Wall-clock deadline for connect + headers + whole body, every redirect hop included. Default 20000. */
  timeoutMs?: number;
  /** Cap on decoded body bytes. Default 15 MiB. */
  maxBytes?: number;
  /** Redirect hops followed before TOO_MANY_REDIRECTS. Default 5. */
  maxRedirects?: number;
  /** User-Agent header. */
  userAgent?: string;
  /** FEEDMILL_ALLOW_PRIVATE_NETWORKS: skip the private-address guard (cloud metadata stays refused). */
  allowPrivateNetworks?: boolean;
  /** FEEDMILL_FETCH_ALLOW: `host`, `host:port` or CIDR entries reachable even though private. */
  allow?: string[];
}

/** Per-request options. */
export interface FetchRequest {
  /** Sent as If-None-Match. */
  etag?: string;
  /** Sent as If-Modified-Since. */
  lastModified?: string;
  /** Extra headers (may hold cookies or API keys: never logged, dropped on cross-origin redirects). */
  headers?: Record<string, string>;
  maxBytes?: number;
  accept?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A successful (2xx) or not-modified (304) response. */
export interface FetchResponse {
  status: number;
  /** Final URL after redirects. */
  url: string;
  /** The final URL when every redirect hop was permanent (301/308); undefined otherwise or without redirects. */
  permanentUrl?: string;
  /** Content-encoding undone; empty on 304. */
  body: Buffer;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  cacheControl?: string;
  expires?: string;
  elapsedMs: number;
  /** Decoded body length. */
  bytes: number;
}

/** A fetcher; close() releases its connections. */
export interface Fetcher {
  fetch(url: string, req?: FetchRequest): Promise<FetchResponse>;
  close(): Promise<void>;
}

/** Default User-Agent. */
export const DEFAULT_USER_AGENT = 'feedmill/0.1 (+https://github.com/feedmill/feedmill)';
/** Default Accept: feed formats first, then pages (we fetch both). */
export const DEFAULT_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, ' +
  'application/json;q=0.8, text/html;q=0.7, */*;q=0.5';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const PERMANENT = new Set([301, 308]);
// Headers the transport owns; a source's extra headers may not override them.
const RESERVED = new Set([
  'accept-encoding', 'host', 'connection', 'content-length', 'transfer-encoding', 'te', 'upgrade', 'keep-alive',
  'expect', 'trailer', 'proxy-connection',
]);

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Parses and validates a URL for one hop: http(s) only, IP literals checked before any connection. */
function target(raw: string, base: URL | undefined, guard: AddressGuard): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FeedmillError('fetch', 'BAD_URL', base ? 'invalid redirect location' : 'invalid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const scheme = url.protocol.replace(/[^a-z0-9+.-]/gi, '').slice(0, 20);
    throw new FeedmillError('fetch', 'BAD_SCHEME', `unsupported scheme "${scheme}"`);
  }
  url.hash = '';
  guard.checkUrl(url);
  return url;
}

/**
 * Moves `user:pass@` out of the URL (undici silently drops it) into Basic credentials (RFC 7617), so
 * private feeds keep working and the password never reaches a reported or stored URL.
 */
function takeCredentials(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const decode = (v: string) => {
    try {
      return decodeURIComponent(v);
    } catch {
      return v; // a stray "%" is kept as typed
    }
  };
  const pair = `${decode(url.username)}:${decode(url.password)}`;
  url.username = '';
  url.password = '';
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

/** Creates a fetcher with its own connection pool and address guard. Throws on a malformed allowlist. */
export function createFetcher(opts: FetcherOptions = {}): Fetcher {
  const guard = createGuard(opts);
  const defaultTimeout = opts.timeoutMs ?? 20_000;
  const agent = createGuardedAgent(guard, defaultTimeout);
  const maxRedirects = opts.maxRedirects ?? 5;
  const userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;

  const baseHeaders = (req: FetchRequest, sameOrigin: boolean, auth: string | undefined): Record<string, string> => {
    const h: Record<string, string> = { 'user-agent': userAgent, accept: req.accept ?? DEFAULT_ACCEPT };
    // Extra headers may carry credentials: like browsers, do not hand them to another origin on redirect.
    if (sameOrigin) {
      if (auth !== undefined) h.authorization = auth;
      for (const [k, v] of Object.entries(req.headers ?? {})) if (!RESERVED.has(k.toLowerCase())) h[k.toLowerCase()] = v;
    }
    h['accept-encoding'] = ACCEPT_ENCODING;
    if (req.etag !== undefined) h['if-none-match'] = req.etag;
    if (req.lastModified !== undefined) h['if-modified-since'] = req.lastModified;
    return h;
  };

  const run = async (rawUrl: string, req: FetchRequest, signal: AbortSignal, started: number, timeoutMs: number) => {
    const maxBytes = req.maxBytes ?? opts.maxBytes ?? 15 * 1024 * 1024;
    const first = target(rawUrl, undefined, guard);
    const auth = takeCredentials(first);
    let url = first;
    let permanent = true;
    for (let hops = 0; ; hops++) {
      const res: Dispatcher.ResponseData = await request(url, {
        dispatcher: agent,
        method: 'GET',
        headers: baseHeaders(req, url.origin === first.origin, auth),
        signal,
        // Backstops only: the wall-clock deadline set in fetch() is what bounds the whole exchange.
        headersTimeout: timeoutMs + 1_000,
        bodyTimeout: timeoutMs + 1_000,
      });
      const status = res.statusCode;
      const location = header(res.headers, 'location');
      if (REDIRECTS.has(status) && location !== undefined) {
        await discard(res, signal);
        if (hops + 1 > maxRedirects) {
          throw new FeedmillError('fetch', 'TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects`);
        }
        if (!PERMANENT.has(status)) permanent = false;
        url = target(location, url, guard);
        takeCredentials(url);
        continue;
      }
      if (status === 304) {
        await discard(res, signal);
        return respond(res, url, Buffer.alloc(0), hops > 0 && permanent, started);
      }
      if (status < 200 || status > 299) {
        await discard(res, signal);
        throw statusError(status, header(res.headers, 'retry-after'));
      }
      const declared = Number(header(res.headers, 'content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        dropBody(res.body);
        throw tooLarge(maxBytes);
      }
      const body = await readBody(res.body, header(res.headers, 'content-encoding'), maxBytes);
      return respond(res, url, body, hops > 0 && permanent, started);
    }
  };

  return {
    async fetch(rawUrl: string, req: FetchRequest = {}): Promise<FetchResponse> {
      const started = performance.now();
      const timeoutMs = req.timeoutMs ?? defaultTimeout;
      const deadline = new AbortController();
      // One timer for the whole exchange; aborting makes undici destroy the socket mid-read.
      const timer = setTimeout(() => deadline.abort(timeoutError(timeoutMs)), timeoutMs);
      const signal = req.signal ? AbortSignal.any([deadline.signal, req.signal]) : deadline.signal;
      try {
        return await run(rawUrl, req, signal, started, timeoutMs);
      } catch (err) {
        if (deadline.signal.aborted) throw timeoutError(timeoutMs);
        if (req.signal?.aborted) throw req.signal.reason;
        throw transportError(err);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => agent.close(),
  };
}

/** Reads a little of an unwanted body so the connection can be reused, else drops the connection. */
async function discard(res: Dispatcher.ResponseData, signal: AbortSignal): Promise<void> {
  await res.body.dump({ limit: 64 * 1024, signal }).catch(() => undefined);
}

function respond(res: Dispatcher.ResponseData, url: URL, body: Buffer, permanent: boolean, started: number): FetchResponse {
  const out: FetchResponse = {
    status: res.statusCode,
    url: url.href,
    body,
    elapsedMs: Math.round(performance.now() - started),
    bytes: body.length,
  };
  if (permanent) out.permanentUrl = url.href;
  const fields = [
    ['contentType', 'content-type'],
    ['etag', 'etag'],
    ['lastModified', 'last-modified'],
    ['cacheControl', 'cache-control'],
    ['expires', 'expires'],
  ] as const;
  for (const [key, name] of fields) {
    const v = header(res.headers, name);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
