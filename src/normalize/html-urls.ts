/** URL checks used by the sanitizer: resolve against the page, allow only safe schemes, parse srcset. */

/** What a URL attribute points at, which decides the schemes allowed. */
export type UrlKind = 'link' | 'image' | 'media';

/** Inline images we keep: raster formats only (SVG can carry script), per the allowlist in DESIGN. */
const DATA_IMAGE = /^data:image\/(png|gif|jpeg|webp)[;,]/i;

/**
 * Browsers strip leading/trailing C0 controls and spaces and drop tab/CR/LF anywhere before reading the
 * scheme (WHATWG URL, "basic URL parser"); do the same so `jav&#x09;ascript:` is seen as `javascript:`.
 */
function browserClean(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
}

/**
 * Resolves an attribute URL against `base` and returns it if its scheme is allowed for `kind`
 * (link: http/https/mailto; image: http/https/raster data:; media: http/https), else undefined.
 * Relative URLs without a base stay relative (they cannot carry a scheme); protocol-relative ones become https.
 */
export function safeUrl(value: string, kind: UrlKind, base?: string): string | undefined {
  const v = browserClean(value);
  if (v === '') return undefined;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(v)?.[1]?.toLowerCase();
  if (scheme === 'mailto') return kind === 'link' ? v : undefined;
  if (scheme === 'data') return kind === 'image' && DATA_IMAGE.test(v) ? v : undefined;
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return undefined;
  // Backslashes are read as slashes by browsers for http(s) URLs: "/\evil.example" is protocol-relative.
  const protocolRelative = /^[\\/]{2}/.test(v);
  try {
    if (scheme !== undefined) return new URL(v).href;
    if (base !== undefined) {
      const url = new URL(v, base);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    }
    if (protocolRelative) return new URL(`https:${v}`).href;
  } catch {
    return undefined;
  }
  // Unresolvable and colon before the first path separator: could be read as a scheme somewhere. Drop it.
  return /^[^/?#]*:/.test(v) ? undefined : v;
}

/** One candidate of a srcset attribute. */
interface SrcsetCandidate {
  url: string;
  descriptor: string;
}

/** Parses a srcset per HTML §4.8.4.3.10 (URLs may contain commas; descriptors follow whitespace). */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const out: SrcsetCandidate[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value.charAt(i))) i++;
    if (i >= value.length) break;
    let j = i;
    while (j < value.length && !/\s/.test(value.charAt(j))) j++;
    let url = value.slice(i, j);
    i = j;
    let descriptor = '';
    if (/,+$/.test(url)) {
      url = url.replace(/,+$/, '');
    } else {
      let depth = 0;
      while (i < value.length && (depth > 0 || value.charAt(i) !== ',')) {
        const c = value.charAt(i);
        if (c === '(') depth++;
        else if (c === ')') depth = Math.max(0, depth - 1);
        descriptor += c;
        i++;
      }
      i++; // the comma
    }
    if (url !== '') out.push({ url, descriptor: descriptor.trim() });
  }
  return out;
}

/** Resolves every srcset candidate, dropping unsafe ones; undefined when none is left. */
export function safeSrcset(value: string, base?: string): string | undefined {
  const kept: string[] = [];
  for (const c of parseSrcset(value)) {
    const url = safeUrl(c.url, 'media', base);
    // A candidate URL with a raw space or comma would split differently when re-parsed: encode them.
    if (url !== undefined) kept.push([url.replace(/ /g, '%20').replace(/,/g, '%2C'), c.descriptor].filter(Boolean).join(' '));
  }
  return kept.length === 0 ? undefined : kept.join(', ');
}

/**
 * True for the stand-ins lazy-loading scripts put in `src`: a GIF or SVG data: URI, any tiny data: URI,
 * or a well-known spacer file (blank.gif, pixel.png, placeholder.svg, …).
 */
export function isPlaceholderSrc(src: string | undefined): boolean {
  if (src === undefined || src.trim() === '') return true;
  const s = src.trim();
  if (/^data:image\/(gif|svg\+xml)/i.test(s)) return true;
  if (/^data:/i.test(s) && s.length < 200) return true;
  return /(^|\/)(blank|spacer|pixel|transparent|placeholder|lazy[-_]?(load|placeholder)?|grey|gray|loading)\.(gif|png|svg|webp)(\?|$)/i.test(s);
}

/** Embeds we keep: video players only (https after upgrade), matched on host and path prefix. */
const IFRAME_PREFIXES = [
  'https://www.youtube.com/embed/',
  'https://www.youtube-nocookie.com/',
  'https://player.vimeo.com/',
  'https://www.dailymotion.com/embed/',
];

/** The https URL of an allowlisted video embed, or undefined for any other iframe source. */
export function allowedIframeSrc(value: string, base?: string): string | undefined {
  const url = safeUrl(value, 'media', base);
  if (url === undefined || !/^https?:\/\//i.test(url)) return undefined;
  const https = url.replace(/^http:/i, 'https:');
  return IFRAME_PREFIXES.some((p) => https.startsWith(p)) ? https : undefined;
}
