/**
 * HTML sanitizer for article bodies (sanitize-html with a strict allowlist). Runs LAST in normalisation
 * (DESIGN convention 4): nothing may touch the HTML after it.
 */
import sanitize from 'sanitize-html';
import { allowedIframeSrc, isPlaceholderSrc, safeSrcset, safeUrl, type UrlKind } from './html-urls.js';

/** Options of {@link sanitizeHtml}. */
export interface SanitizeOptions {
  /** Absolute URL relative href/src/srcset/poster/cite are resolved against. */
  baseUrl?: string;
}

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'sub', 'sup',
  'small', 'mark', 'blockquote', 'q', 'cite', 'code', 'pre', 'kbd', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'figure',
  'figcaption', 'img', 'picture', 'source', 'video', 'audio', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'caption', 'abbr', 'time', 'span', 'div', 'iframe',
];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'srcset', 'alt', 'title', 'width', 'height'],
  source: ['src', 'srcset', 'type'],
  video: ['src', 'poster', 'controls', 'width', 'height'],
  audio: ['src', 'controls'],
  iframe: ['src', 'width', 'height', 'title', 'allowfullscreen', 'sandbox', 'loading', 'referrerpolicy'],
  blockquote: ['cite'],
  q: ['cite'],
  time: ['datetime'],
  abbr: ['title'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan'],
};

/** Attributes holding one URL, and what they point at. */
const URL_ATTRS: Record<string, UrlKind> = { href: 'link', cite: 'link', poster: 'image', src: 'media' };

/** Lazy-loading attributes, in order of preference (lazysizes, WordPress, jQuery lazyload). */
const LAZY_SRC = ['data-src', 'data-lazy-src', 'data-original'];
const LAZY_SRCSET = ['data-srcset', 'data-lazy-srcset'];

/** Contents dropped with the element (raw-text and script-ish containers, never article text). */
const NON_TEXT_TAGS = ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'title', 'xmp', 'noembed', 'noframes', 'iframe', 'object', 'svg', 'math', 'select'];

/** Elements removed when nothing but whitespace is left in them. */
const DROP_WHEN_EMPTY = new Set([
  'p', 'div', 'span', 'a', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'q',
  'cite', 'code', 'kbd', 'abbr', 'time', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'li', 'ul', 'ol', 'dl', 'dt',
  'dd', 'figure', 'figcaption', 'picture', 'caption',
]);
/** Inline elements: whitespace-only ones lose the tag but keep the space between words. */
const INLINE = new Set(['span', 'a', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'q', 'cite', 'code', 'kbd', 'abbr', 'time']);
/** Elements that are content even without text. */
const MEDIA = new Set(['img', 'video', 'audio', 'iframe']);
/** Marker appended to a kept media element's frame text so its ancestors do not count as empty. */
const MEDIA_MARK = '\u0000';

const first = (attribs: Record<string, string>, names: string[]): string | undefined =>
  names.map((n) => attribs[n]).find((v) => v !== undefined && v.trim() !== '');

/** Promotes lazy-loading attributes to real src/srcset when src is missing or a placeholder. */
function unlazy(attribs: Record<string, string>): void {
  const lazySrc = first(attribs, LAZY_SRC);
  if (lazySrc !== undefined && isPlaceholderSrc(attribs.src)) attribs.src = lazySrc;
  const lazySrcset = first(attribs, LAZY_SRCSET);
  if (lazySrcset !== undefined && (attribs.srcset === undefined || isPlaceholderSrc(attribs.srcset))) attribs.srcset = lazySrcset;
  // A placeholder that nothing replaced shows nothing: drop it (the img then goes if it has no srcset either).
  if (attribs.src !== undefined && /^data:/i.test(attribs.src.trim()) && isPlaceholderSrc(attribs.src)) delete attribs.src;
}

/** Rewrites one element before the allowlist applies: lazy images, absolute URLs, h1 → h2, link rel. */
function transform(baseUrl: string | undefined): sanitize.Transformer {
  return (tagName, attribs) => {
    const tag = tagName === 'h1' ? 'h2' : tagName;
    const out: Record<string, string> = { ...attribs };
    if (tag === 'img' || tag === 'source') unlazy(out);
    for (const [name, kind] of Object.entries(URL_ATTRS)) {
      const value = out[name];
      if (value === undefined) continue;
      const safe = tag === 'iframe' && name === 'src' ? allowedIframeSrc(value, baseUrl) : safeUrl(value, tag === 'img' && name === 'src' ? 'image' : kind, baseUrl);
      if (safe === undefined) delete out[name];
      else out[name] = safe;
    }
    if (out.srcset !== undefined) {
      const srcset = safeSrcset(out.srcset, baseUrl);
      if (srcset === undefined) delete out.srcset;
      else out.srcset = srcset;
    }
    if (tag === 'a') {
      // Reverse tabnabbing and referrer leaks: every link we republish opens with no opener and no referrer.
      if (out.href !== undefined) out.rel = 'noopener noreferrer';
      else delete out.rel;
    }
    if (tag === 'video' || tag === 'audio') out.controls = '';
    if (tag === 'iframe') {
      // Players need scripts in their own origin; sandbox keeps them from navigating or reaching our page.
      out.sandbox = 'allow-scripts allow-same-origin allow-popups allow-presentation';
      out.loading = 'lazy';
      out.referrerpolicy = 'strict-origin-when-cross-origin';
      out.allowfullscreen = '';
    }
    return { tagName: tag, attribs: out };
  };
}

/** Decides, at each closing tag, whether an element is dropped (tracking pixels, bare iframes, empty blocks). */
function exclude(frame: sanitize.IFrame): boolean | 'excludeTag' {
  const { tag, attribs } = frame;
  if (tag === 'source') {
    if (attribs.src === undefined && attribs.srcset === undefined) return true;
    frame.text += MEDIA_MARK;
    return false;
  }
  if (MEDIA.has(tag)) {
    if (tag === 'img' && attribs.src === undefined && attribs.srcset === undefined) return true;
    // A player with neither src nor a kept <source> child plays nothing.
    if ((tag === 'video' || tag === 'audio') && attribs.src === undefined && !frame.text.includes(MEDIA_MARK)) return true;
    if (tag === 'iframe' && attribs.src === undefined) return true;
    // 1×1 images are tracking pixels (Miniflux does the same).
    if (tag === 'img' && Number(attribs.width) <= 1 && Number(attribs.height) <= 1 && attribs.width !== undefined && attribs.height !== undefined) return true;
    frame.text += MEDIA_MARK;
    return false;
  }
  if (tag === 'a' && attribs.href === undefined) return 'excludeTag';
  if (!DROP_WHEN_EMPTY.has(tag)) return false;
  if (frame.text === '') return true;
  if (frame.text.trim() !== '') return false;
  return INLINE.has(tag) ? 'excludeTag' : true;
}

/** Whitespace-only text spanning lines (template indentation) becomes one newline, except inside <pre>. */
function squeezeWhitespace(): (text: string, tagName: string) => string {
  return (text, tagName) => (tagName !== 'pre' && tagName !== 'code' && /^\s*\n\s*$/.test(text) ? '\n' : text);
}

/**
 * Sanitizes an article body: allowlisted tags and attributes only, safe URL schemes (http/https/mailto for
 * links, plus raster data: for img src), relative URLs made absolute against `baseUrl`, lazy images made real,
 * video iframes from an allowlist only, `rel="noopener noreferrer"` on links, empty leftovers removed.
 */
export function sanitizeHtml(html: string, opts: SanitizeOptions = {}): string {
  if (html.trim() === '') return '';
  return sanitize(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedClasses: {},
    allowedStyles: {},
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster'],
    allowProtocolRelative: false,
    allowedIframeHostnames: ['www.youtube.com', 'www.youtube-nocookie.com', 'player.vimeo.com', 'www.dailymotion.com'],
    allowIframeRelativeUrls: false,
    nonTextTags: NON_TEXT_TAGS,
    // Void elements (HTML §13.1.2) are written without an end tag.
    selfClosing: ['img', 'br', 'hr', 'source'],
    disallowedTagsMode: 'discard',
    enforceHtmlBoundary: false,
    nestingLimit: 200,
    transformTags: { '*': transform(opts.baseUrl) },
    exclusiveFilter: exclude,
    textFilter: squeezeWhitespace(),
  }).trim();
}
