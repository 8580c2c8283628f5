/**
 * Reads a plain HTTP/1.x request head off the raw bytes, for the wire fast path (wire.ts). The subset is
 * deliberately narrower than node:http's parser: the request line must be `GET|HEAD SP origin-form SP
 * HTTP/1.1` (or `HTTP/1.0`), every header line `token ":" OWS value OWS` with no control characters, no
 * folding and no bare CR or LF; no Content-Length, Transfer-Encoding, Expect, Upgrade or HTTP2-Settings;
 * exactly one Host (at most one in HTTP/1.0); at most one Connection (keep-alive or close) and one of each
 * header the answer depends on. Anything else is not read (undefined), so node:http decides about it: the
 * fast path never accepts a request node:http would refuse, nor frames one differently. Works on bytes: only
 * the target and the kept values become strings.
 */

/** The headers a wire request carries to its handler, named like node:http's `req.headers`. */
export interface WireHeaders {
  'accept-encoding': string | undefined;
  'if-none-match': string | undefined;
  'if-modified-since': string | undefined;
  'user-agent': string | undefined;
}

/** A complete, plain request read off the wire. */
export interface WireRequest {
  method: 'GET' | 'HEAD';
  /** The request target exactly as sent (origin form, visible ASCII). */
  url: string;
  headers: WireHeaders;
  /** The connection ends after the answer: `Connection: close`, or HTTP/1.0 without `Connection: keep-alive`. */
  close: boolean;
}

/** tchar of RFC 9110 §5.6.2. */
const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TCHAR[c.charCodeAt(0)] = 1;
/** Field value bytes (RFC 9110 §5.5): HTAB, SP, visible ASCII and obs-text; no other control. */
const VALUE = new Uint8Array(256);
for (let c = 0; c < 256; c++) VALUE[c] = c === 0x09 || (c >= 0x20 && c !== 0x7f) ? 1 : 0;

const SP = 0x20;
const HTAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
/** The version up to its minor digit (1.0 or 1.1 follow). */
const VERSION = Buffer.from(' HTTP/1.', 'latin1');

/** Header names the reader acts on, by what it does with them. */
const enum Name {
  Other,
  Host,
  Connection,
  Refused,
  AcceptEncoding,
  IfNoneMatch,
  IfModifiedSince,
  UserAgent,
}
const NAMES: [string, Name][] = [
  ['host', Name.Host],
  ['connection', Name.Connection],
  ['content-length', Name.Refused],
  ['transfer-encoding', Name.Refused],
  ['expect', Name.Refused],
  ['upgrade', Name.Refused],
  ['http2-settings', Name.Refused],
  ['accept-encoding', Name.AcceptEncoding],
  ['if-none-match', Name.IfNoneMatch],
  ['if-modified-since', Name.IfModifiedSince],
  ['user-agent', Name.UserAgent],
];
/** `b[s..e)` equals the lower-case ASCII `word`, case-insensitively (only letters differ by 0x20 among tchars and these words). */
function isWord(b: Buffer, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if ((b[s + i]! | 0x20) !== word.charCodeAt(i)) return false;
  return true;
}

/** Which known header `b[s..e)` names. */
function nameOf(b: Buffer, s: number, e: number): Name {
  for (const [name, kind] of NAMES) if (isWord(b, s, e, name)) return kind;
  return Name.Other;
}

/**
 * Reads the request head in `b[start..end)`, where `end` is the index of the CRLF CRLF that ends it;
 * undefined when it is outside the plain subset.
 */
export function readWireRequest(b: Buffer, start: number, end: number): WireRequest | undefined {
  let p = start;
  let method: 'GET' | 'HEAD';
  if (b[p] === 0x47 && b[p + 1] === 0x45 && b[p + 2] === 0x54 && b[p + 3] === SP) {
    method = 'GET';
    p += 4;
  } else if (b[p] === 0x48 && b[p + 1] === 0x45 && b[p + 2] === 0x41 && b[p + 3] === 0x44 && b[p + 4] === SP) {
    method = 'HEAD';
    p += 5;
  } else return undefined;
  // origin-form: "/" then visible ASCII up to the space before the version.
  const urlStart = p;
  if (b[p] !== 0x2f) return undefined;
  while (p < end && b[p]! > SP && b[p]! < 0x7f) p++;
  const urlEnd = p;
  if (p + VERSION.length >= end || b.compare(VERSION, 0, VERSION.length, p, p + VERSION.length) !== 0) return undefined;
  p += VERSION.length;
  const minor = b[p++];
  if (minor !== 0x31 && minor !== 0x30) return undefined;
  // HTTP/1.0 (what nginx speaks to upstreams by default): Host optional, kept alive only when asked.
  const http10 = minor === 0x30;
  const kept: (string | undefined)[] = [];
  let hosts = 0;
  let connection = 0;
  let closeAsked = false;
  let keepAliveAsked = false;
  // Each header line starts after a CRLF; the head's last line ends at `end`.
  while (p < end) {
    if (b[p] !== CR || b[p + 1] !== LF) return undefined;
    p += 2;
    const nameStart = p;
    while (p < end && TCHAR[b[p]!] === 1) p++;
    if (p === nameStart || p >= end || b[p] !== 0x3a) return undefined;
    const nameEnd = p++;
    while (p < end && (b[p] === SP || b[p] === HTAB)) p++;
    const valueStart = p;
    while (p < end && b[p] !== CR) {
      if (VALUE[b[p]!] !== 1) return undefined;
      p++;
    }
    let valueEnd = p;
    while (valueEnd > valueStart && (b[valueEnd - 1] === SP || b[valueEnd - 1] === HTAB)) valueEnd--;
    const kind = nameOf(b, nameStart, nameEnd);
    switch (kind) {
      case Name.Other:
        break;
      case Name.Host:
        hosts++;
        break;
      case Name.Connection:
        // Only the two plain options; anything else (upgrade, hop-by-hop lists) is node:http's.
        connection++;
        if (isWord(b, valueStart, valueEnd, 'close')) closeAsked = true;
        else if (isWord(b, valueStart, valueEnd, 'keep-alive')) keepAliveAsked = true;
        else return undefined;
        break;
      case Name.Refused:
        return undefined;
      default: {
        // A header the answer depends on: kept as a string, once.
        if (kept[kind] !== undefined) return undefined;
        kept[kind] = b.toString('latin1', valueStart, valueEnd);
      }
    }
  }
  if ((http10 ? hosts > 1 : hosts !== 1) || connection > 1) return undefined;
  const close = http10 ? !keepAliveAsked : closeAsked;
  const headers: WireHeaders = {
    'accept-encoding': kept[Name.AcceptEncoding],
    'if-none-match': kept[Name.IfNoneMatch],
    'if-modified-since': kept[Name.IfModifiedSince],
    'user-agent': kept[Name.UserAgent],
  };
  return { method, url: b.toString('latin1', urlStart, urlEnd), headers, close };
}
