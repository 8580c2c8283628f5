/** URL canonicalisation for article links (WHATWG URL parsing, tracking parameters stripped). */
import { isTrackingParam } from './tracking-params.js';

const HTTP_SCHEMES = new Set(['http:', 'https:']);

/** Decodes a query component for comparison only; malformed escapes leave it as is. */
function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * Removes tracking parameters from a raw query string (without `?`), keeping the other parameters in their
 * order and with their original encoding (URLSearchParams would re-encode `%20` as `+` and change the URL).
 */
export function stripTrackingParams(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .filter((pair) => {
      if (pair === '') return false;
      const eq = pair.indexOf('=');
      const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
      return !isTrackingParam(name);
    })
    .join('&');
}

/**
 * Parses `raw` (resolved against `base`) into a URL if it is http(s); anything else (javascript:, data:,
 * mailto:, file:, unparsable) gives undefined. The WHATWG parser already strips leading/trailing C0 controls
 * and spaces and removes tab/newline anywhere, exactly as browsers do, so `java\tscript:` is seen as javascript:.
 */
export function parseHttpUrl(raw: string, base?: string): URL | undefined {
  const input = raw.trim();
  if (input === '') return undefined;
  let url: URL | undefined;
  try {
    url = base === undefined ? new URL(input) : new URL(input, base);
  } catch {
    // An invalid base must not make a valid absolute URL fail.
    try {
      url = new URL(input);
    } catch {
      return undefined;
    }
  }
  if (!HTTP_SCHEMES.has(url.protocol) || url.hostname === '') return undefined;
  return url;
}

/**
 * Canonical absolute http(s) URL: resolved against `base`, scheme and host lower-cased, default port and
 * fragment dropped, tracking parameters removed (other parameters kept in order), no empty trailing `?`.
 * Returns undefined for non-http(s) schemes and unparsable input.
 */
export function cleanUrl(raw: string, base?: string): string | undefined {
  const url = parseHttpUrl(raw, base);
  if (url === undefined) return undefined;
  // URL already lower-cases scheme and host and drops the scheme's default port (WHATWG URL §4.4).
  url.hash = '';
  const query = stripTrackingParams(url.search.replace(/^\?/, ''));
  url.search = query === '' ? '' : `?${query}`;
  let href = url.href;
  // `url.search = ''` leaves no `?`, but an input of `http://x/?#frag` keeps an empty one in some cases.
  if (href.endsWith('?')) href = href.slice(0, -1);
  return href;
}
