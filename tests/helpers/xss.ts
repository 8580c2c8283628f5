/** The shared XSS corpus and a browser-parse check that republished HTML cannot run script (used by unit and end-to-end tests). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';

/** One vector of ../shared/corpora/xss/vectors.json. */
export interface Vector {
  id: string;
  category: string;
  context: string;
  payload: string;
  note: string;
  xmlSafe: boolean;
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the corpus is read from. */
export const corpusFile = path.resolve(repo, '..', 'shared', 'corpora', 'xss', 'vectors.json');
/** True when the corpus is present (a user's clone has no ../shared: tests skip with a message). */
export const present = existsSync(corpusFile);
/** The origin `{{CANARY}}` stands for. */
export const CANARY = 'http://canary.invalid:9';
/** Every vector with `{{CANARY}}` replaced; empty when the corpus is absent. */
export const vectors: Vector[] = present
  ? (JSON.parse(readFileSync(corpusFile, 'utf8')) as { vectors: Vector[] }).vectors.map((v) => ({
      ...v,
      payload: v.payload.replaceAll('{{CANARY}}', CANARY),
    }))
  : [];

const ALLOWED = new Set([
  'html', 'head', 'body', 'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'strong', 'b', 'em', 'i', 'u', 's',
  'del', 'ins', 'sub', 'sup', 'small', 'mark', 'blockquote', 'q', 'cite', 'code', 'pre', 'kbd', 'ul', 'ol', 'li',
  'dl', 'dt', 'dd', 'figure', 'figcaption', 'img', 'picture', 'source', 'video', 'audio', 'table', 'thead', 'tbody',
  'tfoot', 'tr', 'th', 'td', 'caption', 'abbr', 'time', 'span', 'div', 'iframe',
]);
const URL_ATTRS = ['href', 'src', 'poster', 'cite', 'action', 'formaction', 'data', 'background', 'xlink:href'];
const IFRAME_OK = /^https:\/\/(www\.youtube\.com\/embed\/|www\.youtube-nocookie\.com\/|player\.vimeo\.com\/|www\.dailymotion\.com\/embed\/)/;

/** Every problem a browser-parsed fragment has; empty when it cannot run script or load the canary. */
export function problems(html: string, absolute = true): string[] {
  const found: string[] = [];
  const $ = load(`<!doctype html><html><head></head><body>${html}</body></html>`);
  for (const el of $('*').toArray()) {
    if (!('attribs' in el)) continue;
    const tag = el.tagName.toLowerCase();
    if (!ALLOWED.has(tag)) found.push(`element <${tag}>`);
    for (const [name, value] of Object.entries(el.attribs)) {
      const n = name.toLowerCase();
      if (n.startsWith('on') || ['style', 'srcdoc', 'target', 'ping', 'id', 'name', 'form'].includes(n)) found.push(`attribute ${n} on <${tag}>`);
      const urls = n === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : URL_ATTRS.includes(n) ? [value] : [];
      for (const u of urls) {
        // Without a base URL relative references stay relative; they carry no scheme (no colon before a slash).
        const relative = !absolute && !/^[^/?#]*:/.test(u) && !/^[\\/]{2}/.test(u);
        const ok = relative || /^https?:\/\//i.test(u) || (n === 'href' && /^mailto:/i.test(u)) || (tag === 'img' && n === 'src' && /^data:image\/(png|gif|jpeg|webp)[;,]/i.test(u));
        if (!ok) found.push(`${n}="${u}" on <${tag}>`);
        if (/^https?:\/\/canary\.invalid/i.test(u)) found.push(`${n} loads the canary on <${tag}>`);
      }
    }
    if (tag === 'iframe' && !IFRAME_OK.test(el.attribs.src ?? '')) found.push(`iframe src ${el.attribs.src ?? '(none)'}`);
    if (tag === 'a' && el.attribs.href !== undefined && el.attribs.rel !== 'noopener noreferrer') found.push('link without rel');
  }
  return found;
}

