/** Maps HTTP statuses and transport failures to FeedmillError codes (classify by code, never by message). */
import { STATUS_CODES } from 'node:http';
import { FeedmillError } from '../model/errors.js';

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; milliseconds from `now`, never negative. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Date.parse accepts IMF-fixdate and the obsolete RFC 850 / asctime forms HTTP still allows.
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Reason phrase from Node's table, lower-cased; the server's own phrase is hostile input and never echoed. */
function phrase(status: number): string {
  return (STATUS_CODES[status] ?? 'unexpected status').toLowerCase();
}

/** The error for a final non-2xx, non-304 status. */
export function statusError(status: number, retryAfter: string | undefined, now: number = Date.now()): FeedmillError {
  const message = `${phrase(status)} (${status})`;
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  const wait = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) return new FeedmillError('fetch', 'RATE_LIMITED', message, { status, retryable: true, ...wait });
  if (status === 503 && retryAfterMs !== undefined) {
    return new FeedmillError('fetch', 'RATE_LIMITED', message, { status, retryable: true, retryAfterMs });
  }
  if (status === 410) return new FeedmillError('fetch', 'GONE', message, { status, retryable: false });
  if (status >= 500) return new FeedmillError('fetch', 'HTTP_5XX', message, { status, retryable: true });
  if (status >= 400) return new FeedmillError('fetch', 'HTTP_4XX', message, { status, retryable: status === 408 });
  // 1xx/3xx that reach here (a 3xx without Location, 300, 305…) cannot be followed: a broken source URL.
  return new FeedmillError('fetch', 'BAD_URL', `unfollowable response ${message}`, { status });
}

/** The error when the wall-clock deadline fires. */
export function timeoutError(timeoutMs: number): FeedmillError {
  return new FeedmillError('fetch', 'TIMEOUT', `timed out after ${timeoutMs} ms`, { retryable: true });
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN',
  'EADDRNOTAVAIL', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
// OpenSSL certificate verification codes (X509_V_ERR_* names without the prefix) and Node's TLS codes.
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_TLS)/;

/** Every error in a cause chain (and inside AggregateErrors from happy-eyeballs connects), outermost first. */
function chain(err: unknown): unknown[] {
  const seen: unknown[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && seen.length < 16) {
    const e = queue.shift();
    if (e === undefined || e === null || seen.includes(e)) continue;
    seen.push(e);
    if (e instanceof AggregateError) queue.push(...(e.errors as unknown[]));
    if (e instanceof Error && e.cause !== undefined) queue.push(e.cause);
  }
  return seen;
}

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Classifies a thrown transport error; messages carry the error code only, never request headers. */
export function transportError(err: unknown): FeedmillError {
  const all = chain(err);
  const known = all.find((e): e is FeedmillError => e instanceof FeedmillError);
  if (known) return known;
  const codes = all.map(codeOf).filter((c): c is string => c !== undefined);
  const safe = (c: string) => c.replace(/[^A-Z0-9_]/gi, '').slice(0, 40);
  const hit = (set: Set<string>) => codes.find((c) => set.has(c));
  const dns = hit(DNS_CODES);
  if (dns) return new FeedmillError('fetch', 'DNS', `DNS lookup failed (${dns})`, { retryable: true, cause: err });
  const tls = codes.find((c) => TLS_CODE.test(c));
  if (tls) return new FeedmillError('fetch', 'TLS', `TLS error (${safe(tls)})`, { retryable: false, cause: err });
  const timeout = hit(TIMEOUT_CODES);
  if (timeout) return new FeedmillError('fetch', 'TIMEOUT', `timed out (${timeout})`, { retryable: true, cause: err });
  if (codes.includes('UND_ERR_HEADERS_OVERFLOW')) {
    return new FeedmillError('fetch', 'TOO_LARGE', 'response headers too large', { cause: err });
  }
  const connect = hit(CONNECT_CODES);
  if (connect) return new FeedmillError('fetch', 'CONNECT', `connection failed (${connect})`, { retryable: true, cause: err });
  const protocol = codes.find((c) => c.startsWith('HPE_'));
  if (protocol) {
    return new FeedmillError('fetch', 'CONNECT', `invalid HTTP response (${safe(protocol)})`, { retryable: true, cause: err });
  }
  const first = codes[0];
  const detail = first === undefined ? '' : ` (${safe(first)})`;
  return new FeedmillError('fetch', 'INTERNAL', `request failed${detail}`, { cause: err });
}
