/** The publication date, best evidence first, and the untrusted "today" date of the page furniture. */
import type { Element } from 'domhandler';
import { toIsoDate } from '../normalize/index.js';
import { inArticleContext, isHeaderFurniture } from './context.js';
import { dateFromUrl, parseHumanDate } from './dates.js';
import { closest, textOf } from './dom.js';
import { firstMeta, type Inventory } from './inventory.js';
import type { JsonLdArticle } from './jsonld.js';

/** A date with the evidence it came from. */
export interface DateFinding {
  publishedAt?: string;
  updatedAt?: string;
  source?: string;
  headerDate?: string;
}

// Meta names that carry the first publication date, most specific first (OpenGraph article, Dublin Core,
// Parse.ly, Sailthru, schema.org itemprop in <meta>, and the loose names CMSes emit).
const PUBLISHED_META = [
  'article:published_time', 'og:article:published_time', 'og:published_time', 'datepublished', 'parsely-pub-date',
  'sailthru.date', 'dc.date.issued', 'dcterms.issued', 'dc.date.created', 'dcterms.created', 'dc.date', 'dcterms.date',
  'citation_publication_date', 'citation_date', 'article.published', 'article_date_original', 'publish-date',
  'publish_date', 'publishdate', 'pubdate', 'originalpublicationdate', 'date', 'cxenseparse:recs:publishtime',
  'article.created', 'created', 'datecreated',
];
const MODIFIED_META = ['article:modified_time', 'og:updated_time', 'datemodified', 'dc.date.modified', 'dcterms.modified', 'last-modified'];

/** A date-ish value (ISO or human) → ISO UTC. */
function iso(value: string | undefined, monthFirst: boolean): string | undefined {
  if (!value) return undefined;
  const direct = /^\s*\d{4}-\d{2}-\d{2}|^\s*\d{9,13}\s*$|^\s*\w{3}, \d{1,2} \w{3} \d{4}/.test(value) ? toIsoDate(value) : undefined;
  if (direct) return direct;
  const day = parseHumanDate(value, monthFirst);
  return day ? toIsoDate(day) : undefined;
}

function attrDate(el: Element): string | undefined {
  return el.attribs.datetime ?? el.attribs.content ?? el.attribs['data-datetime'] ?? el.attribs['data-timestamp'];
}

// Substrings, since themes glue words ("postmeta", "itemPostDate", "entry-meta-date").
const DATE_HINT = /date|time|datum|fecha|publi|posted|meta|byline|dateline|stamp|info|created|updated/i;

function isDateElement(el: Element): boolean {
  if (el.name === 'time') return true;
  const hint = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
  return hint.length > 1 && DATE_HINT.test(hint);
}

/**
 * Evidence, best first: JSON-LD datePublished; meta (article:published_time, Dublin Core, Parse.ly…);
 * microdata itemprop=datePublished; `<time>` or date-classed elements in the article's context (near the
 * headline, never in a header/nav/sidebar); a date in the URL path. A date only found in furniture is
 * returned as `headerDate` and never as `publishedAt`.
 */
export function findDates(inv: Inventory, ld: JsonLdArticle | undefined, headline: Element | undefined, url: string | undefined): DateFinding {
  // Month-first numeric dates (04/14/2015) are a US habit; every other locale, and an unknown one, is day-first.
  const monthFirst = /^en(?:[-_]us)?$/i.test(inv.lang ?? '');
  const out: DateFinding = {};
  const mod = iso(ld?.dateModified, monthFirst) ?? iso(firstMeta(inv, MODIFIED_META)?.value, monthFirst);
  if (mod) out.updatedAt = mod;
  const found = fromMetadata(inv, ld, monthFirst) ?? fromPage(inv, headline, monthFirst);
  if (found) [out.publishedAt, out.source] = found;
  else {
    const fromUrl = iso(dateFromUrl(url), monthFirst);
    if (fromUrl) [out.publishedAt, out.source] = [fromUrl, 'url'];
  }
  const header = furnitureDate(inv, headline, monthFirst);
  if (header) out.headerDate = header;
  return out;
}

function fromMetadata(inv: Inventory, ld: JsonLdArticle | undefined, monthFirst: boolean): [string, string] | undefined {
  const fromLd = iso(ld?.datePublished, monthFirst);
  if (fromLd) return [fromLd, 'jsonld'];
  for (const key of PUBLISHED_META) {
    for (const v of inv.meta.get(key) ?? []) {
      const d = iso(v, monthFirst);
      if (d) return [d, `meta:${key}`];
    }
  }
  for (const el of inv.itemprops) {
    const prop = (el.attribs.itemprop ?? '').toLowerCase();
    if (prop !== 'datepublished' && prop !== 'datecreated') continue;
    const d = iso(attrDate(el) ?? textOf(el), monthFirst);
    if (d) return [d, 'microdata'];
  }
  return undefined;
}

function fromPage(inv: Inventory, headline: Element | undefined, monthFirst: boolean): [string, string] | undefined {
  // <time datetime> in the article's context first: pubdate/published ones before any other.
  const times = inv.times.filter((t) => inArticleContext(t, headline));
  const ranked = [...times.filter((t) => t.attribs.pubdate !== undefined || /publish|entry-date|post-date/i.test(t.attribs.class ?? '')), ...times];
  for (const t of ranked) {
    const d = iso(attrDate(t), monthFirst) ?? iso(textOf(t), monthFirst);
    if (d) return [d, 'time'];
  }
  const near = nearHeadline(inv, headline, monthFirst);
  if (near) return [near, 'headline'];
  for (const el of inv.elements) {
    if (el.name === 'time' || !isDateElement(el)) continue;
    const text = textOf(el);
    if (text.length < 6 || text.length > 120) continue;
    const d = iso(attrDate(el), monthFirst) ?? iso(text, monthFirst);
    if (d && inArticleContext(el, headline) && !closest(el, (e) => e.name === 'a' && /\/(?:19|20)\d\d\//.test(e.attribs.href ?? ''))) return [d, 'byline'];
  }
  return undefined;
}

/**
 * A short line right after the headline that carries a date ("10.11.2021", "1. Februar 2022, Jane Doe"):
 * the byline position, whatever its markup. Stops at the first long paragraph.
 */
function nearHeadline(inv: Inventory, headline: Element | undefined, monthFirst: boolean): string | undefined {
  if (!headline) return undefined;
  const start = inv.elements.indexOf(headline);
  if (start < 0) return undefined;
  let seen = 0;
  for (let i = start + 1; i < inv.elements.length && seen < 25; i++) {
    const el = inv.elements[i] as Element;
    if (isInsideEl(el, headline)) continue;
    seen++;
    if (el.children.some((c) => c.type === 'tag' && !INLINE_TAGS.has(c.name))) continue;
    const text = textOf(el);
    if (text.length > 200) return undefined;
    if (text.length < 6 || text.length > 100 || el.name === 'a') continue;
    const d = iso(text, monthFirst);
    if (d) return d;
  }
  return undefined;
}

const INLINE_TAGS = new Set(['a', 'b', 'i', 'em', 'strong', 'span', 'small', 'time', 'br', 'abbr', 'font']);

function isInsideEl(el: Element, anc: Element): boolean {
  for (let p = el.parent; p; p = p.parent) if (p === anc) return true;
  return false;
}

/** A date shown in page furniture (a top bar "today" widget): reported, never trusted. */
function furnitureDate(inv: Inventory, headline: Element | undefined, monthFirst: boolean): string | undefined {
  for (const el of inv.elements) {
    // Only leaf elements: the widget is a short text on its own, and this keeps the scan linear.
    if (el.name === 'a' || el.children.length === 0 || el.children.some((c) => c.type !== 'text')) continue;
    const text = textOf(el);
    if (text.length < 8 || text.length > 40 || /\d{1,2}:\d{2}.*\d{1,2}:\d{2}/.test(text)) continue;
    if (!/^[\p{L}\s,.\d/-]+$/u.test(text)) continue;
    const d = parseHumanDate(text, monthFirst);
    if (!d || inArticleContext(el, headline)) continue;
    if (!closest(el, isHeaderFurniture)) continue;
    return toIsoDate(d);
  }
  return undefined;
}
