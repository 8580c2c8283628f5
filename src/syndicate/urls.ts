/** URLs as feeds need them: absolute http(s), plain ASCII, and (for Atom ids) in canonical form. */
import { xmlSafe } from './text.js';

/** ASCII characters RFC 2396 allows in a URI (the set the W3C Feed Validator checks links and guids with). */
const NOT_URI_CHAR = /[^0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]|%(?![0-9a-fA-F]{2})/g;

function percent(byte: number): string {
  return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Parses `value` (resolved against `base` when given) and returns it as an absolute http(s) URL written
 * only with RFC 2396 characters, or undefined for anything else (javascript:, mailto:, garbage).
 * WHATWG URL already punycodes the host and percent-encodes non-ASCII; we also encode the few ASCII
 * characters it leaves (`|`, `^`, `[`, `{`, a stray `%`) that make validators reject a link.
 */
export function httpUrl(value: string | undefined, base?: string): string | undefined {
  if (value === undefined) return undefined;
  const v = xmlSafe(value).trim();
  if (v === '') return undefined;
  let url: URL;
  try {
    url = base === undefined ? new URL(v) : new URL(v, base);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
  const rest = url.pathname + url.search + url.hash;
  const head = url.href.slice(0, url.href.length - rest.length);
  const tail = url.href.slice(head.length).replace(NOT_URI_CHAR, (c) => percent(c.charCodeAt(0)));
  return head + tail;
}

/** True when the URL's host has a dot (the validator's httpURL check for enclosures wants a domain). */
export function hasDottedHost(url: string): boolean {
  try {
    return new URL(url).hostname.includes('.');
  } catch {
    return false;
  }
}

const UNRESERVED = /[A-Za-z0-9_.~-]/;
const RESERVED = ":/?#[]@!$&'()*+,;=";
const PCHAR = "-._~!$&'()*+,;=:@";

/** Python's urllib.parse.quote(s, safe): UTF-8 bytes, unreserved and `safe` characters kept. */
function quote(s: string, safe: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && (UNRESERVED.test(ch) || safe.includes(ch)) ? ch : percent(byte);
  }
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * One URI component in the validator's canonical form (feedvalidator uri.py `_qnu`): percent-encoded
 * reserved characters that are also `safe` stay as they are (upper-cased), everything else is decoded
 * and re-encoded. Throws when the validator could not canonicalize it either (bad UTF-8, double escapes).
 */
function canonicalPart(part: string, safe: string): string {
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    const text = decoder.decode(Uint8Array.from(bytes));
    if (/%[0-9a-f]{2}/i.test(text)) throw new Error('double-escaped');
    out += quote(text.normalize('NFC'), safe);
    bytes = [];
  };
  for (let i = 0; i < part.length; ) {
    const escaped = /^%[0-9a-f]{2}/i.exec(part.slice(i))?.[0];
    const token = escaped ?? String.fromCodePoint(part.codePointAt(i) ?? 0);
    i += token.length;
    const code = escaped === undefined ? undefined : parseInt(escaped.slice(1), 16);
    const ch = code === undefined ? token : String.fromCharCode(code);
    if (RESERVED.includes(ch) && safe.includes(ch)) {
      flush();
      out += escaped === undefined ? token : escaped.toUpperCase();
    } else if (code !== undefined) {
      bytes.push(code);
    } else {
      bytes.push(...Buffer.from(token, 'utf8'));
    }
  }
  flush();
  return out;
}

/**
 * The canonical form of an http(s) URL as the W3C Feed Validator computes it (RFC 3986 §6.2.2 syntax
 * normalization: case, percent-encoding, dot segments, default port). Atom ids not in this form get a
 * NonCanonicalURI warning. Returns undefined when there is no such form (bad escapes, IPv6 hosts).
 */
export function canonicalUri(href: string): string | undefined {
  const ascii = httpUrl(href);
  if (ascii === undefined) return undefined;
  const url = new URL(ascii);
  if (url.hostname.startsWith('[')) return undefined;
  try {
    // uri.py _normPort: a trailing root dot is dropped when the host has another dot.
    let hostname = url.hostname;
    if (hostname.endsWith('.') && hostname.slice(0, -2).includes('.')) hostname = hostname.slice(0, -1);
    const host = url.port ? `${hostname}:${url.port}` : hostname;
    const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
    const path = url.pathname
      .split('/')
      .map((seg) => canonicalPart(seg, PCHAR))
      .join('/');
    // WHATWG drops an empty "?" or "#" from search/hash but keeps it in href; the canonical form keeps it too.
    const hasQuery = (ascii.split('#')[0] ?? '').includes('?');
    const query = hasQuery ? `?${canonicalPart(url.search.slice(1), `${PCHAR}/?`)}` : '';
    const hasFragment = ascii.includes('#');
    const fragment = hasFragment ? `#${canonicalPart(url.hash.slice(1), `${PCHAR}/?`)}` : '';
    return `${url.protocol}//${auth}${host}${path}${query}${fragment}`;
  } catch {
    return undefined;
  }
}
