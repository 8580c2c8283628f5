/** Articles turned into the cleaned, format-neutral items and feed metadata every writer renders. */
import type { Article, Author } from '../model/article.js';
import type { FeedDefinition } from '../model/source.js';
import { firstValidDate, validDate } from './dates.js';
import { htmlToText, prepareHtml } from './html.js';
import { isEmail, languageTag, oneLine, truncate, xmlSafe } from './text.js';
import { canonicalUri, httpUrl } from './urls.js';
import type { FeedFormat, RelatedLink, RenderContext } from './types.js';

/** Longest summary we publish when we have to make one from the body (DESIGN: summary ≤ ~500 chars). */
const SUMMARY_MAX = 500;

/** A credited person, with only the parts feeds can carry validly. */
export interface ItemAuthor {
  name: string;
  email?: string;
  url?: string;
}

/** A media file with a known type (never guessed from the URL). */
export interface ItemEnclosure {
  url: string;
  type: string;
  length?: number;
}

/** One article, cleaned and resolved once for every output format. */
export interface RenderItem {
  /** RSS guid and JSON id: the article URL, or the article id when there is no usable URL. */
  guid: string;
  guidIsPermaLink: boolean;
  /** Atom id: the article URL in canonical form, else a URN built from the article id. */
  atomId: string;
  url?: string;
  /** Plain text, one line, never empty (falls back to the summary, then the URL). */
  title: string;
  /** The article's own title (may be empty): JSON Feed lets items go without one. */
  ownTitle: string;
  /** Plain text; empty only when the article has no text at all. */
  summary: string;
  /** Prepared body HTML when the feed carries full content and the article has some. */
  html?: string;
  authors: ItemAuthor[];
  categories: string[];
  published?: Date;
  /** When the item last changed: updatedAt, else publishedAt, else fetchedAt, else the feed's date. */
  updated: Date;
  /** The date an item is listed under (RSS pubDate, JSON date_published): publishedAt, else `updated`. */
  date: Date;
  /** A valid updatedAt, when the article has one. */
  modified?: Date;
  image?: { url: string; width?: number; height?: number };
  enclosures: ItemEnclosure[];
  language?: string;
  siteName?: string;
  sourceId: string;
  clusterId: string;
  /** Other outlets that ran the same story: valid http(s) URLs, none equal to the item's own, one per URL. */
  related: RelatedLink[];
}

/** RFC 5005 §3 paging relations. */
export type PageRel = 'first' | 'next' | 'previous' | 'last';

/** Feed-level facts shared by the three writers. */
export interface FeedMeta {
  title: string;
  description?: string;
  /** The site the feed belongs to (RSS channel link, Atom alternate, JSON home_page_url). */
  homeUrl: string;
  /** The feed's identity: its URL with any narrowing query (Atom id, JSON feed_url). */
  selfUrl: (format: FeedFormat) => string;
  /** This document's own URL (rel="self"): selfUrl, plus the page position on a paged document. */
  docUrl: (format: FeedFormat) => string;
  /** RFC 5005 links of this document, in first/previous/next/last order. */
  pageLinks: (format: FeedFormat) => { rel: PageRel; href: string }[];
  hub?: string;
  updated: Date;
  language?: string;
  generator: string;
  icon?: string;
  logo?: string;
  copyright?: string;
}

/** MIME type shape the W3C Feed Validator accepts (validators.py mime_re). */
const MIME =
  /^[^\s()<>,;:\\"/[\]?=]+\/[^\s()<>,;:\\"/[\]?=]+(\s*;\s*[^\s()<>,;:\\"/[\]?=]+=("(\\"|[^"])*"|[^\s()<>,;:\\"/[\]?=]+))*$/;

function positiveInt(n: number | undefined): number | undefined {
  return n !== undefined && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function cleanAuthors(authors: readonly Author[]): ItemAuthor[] {
  const out: ItemAuthor[] = [];
  const seen = new Set<string>();
  for (const a of authors) {
    const email = isEmail(a.email?.trim()) ? a.email?.trim() : undefined;
    const name = oneLine(a.name ?? '') || email;
    if (!name) continue;
    const key = `${name}\u0000${email ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const author: ItemAuthor = { name };
    if (email !== undefined) author.email = email;
    const url = httpUrl(a.url);
    if (url !== undefined) author.url = url;
    out.push(author);
  }
  return out;
}

function cleanCategories(categories: readonly string[]): string[] {
  return [...new Set(categories.map((c) => oneLine(c)).filter((c) => c !== ''))];
}

function cleanEnclosures(article: Article): ItemEnclosure[] {
  const out: ItemEnclosure[] = [];
  for (const e of article.enclosures) {
    const url = httpUrl(e.url);
    if (url === undefined || out.some((o) => o.url === url)) continue;
    const type = e.type?.trim() ?? '';
    const enclosure: ItemEnclosure = { url, type: MIME.test(type) ? type : 'application/octet-stream' };
    const length = positiveInt(e.length);
    if (length !== undefined) enclosure.length = length;
    out.push(enclosure);
  }
  return out;
}

function cleanImage(article: Article): RenderItem['image'] {
  const url = httpUrl(article.image?.url);
  if (url === undefined) return undefined;
  const image: NonNullable<RenderItem['image']> = { url };
  const width = positiveInt(article.image?.width);
  const height = positiveInt(article.image?.height);
  if (width !== undefined) image.width = width;
  if (height !== undefined) image.height = height;
  return image;
}

function summaryOf(article: Article): string {
  const own = xmlSafe(article.summary ?? '').replace(/\s+/gu, ' ').trim();
  if (own) return own;
  const text = article.contentText?.trim() ? article.contentText : htmlToText(article.contentHtml ?? '');
  return truncate(xmlSafe(text), SUMMARY_MAX);
}

/** A URN for articles without a usable URL (RFC 8141 syntax; NSS percent-encoded). */
function articleUrn(id: string): string {
  return `urn:feedmill:article:${encodeURIComponent(id).replace(/~/g, '%7E')}`;
}

/** The other outlets' links with only what every format can carry: http(s) URLs, not the item's own, each once. */
function cleanRelated(links: readonly RelatedLink[] | undefined, own: string | undefined): RelatedLink[] {
  const out: RelatedLink[] = [];
  const seen = new Set<string>(own !== undefined ? [own] : []);
  for (const l of links ?? []) {
    const url = httpUrl(l.url);
    if (url === undefined || seen.has(url)) continue;
    seen.add(url);
    const siteName = oneLine(l.siteName ?? '');
    out.push(siteName ? { url, sourceId: l.sourceId, siteName } : { url, sourceId: l.sourceId });
  }
  return out;
}

function toItem(article: Article, def: FeedDefinition, feedUpdated: Date, related?: readonly RelatedLink[]): RenderItem {
  const url = httpUrl(article.url);
  const published = validDate(article.publishedAt);
  const modified = validDate(article.updatedAt);
  const updated = modified ?? published ?? validDate(article.fetchedAt) ?? feedUpdated;
  const summary = summaryOf(article);
  const ownTitle = oneLine(article.title ?? '');
  const html = def.content === 'full' && article.contentHtml ? prepareHtml(article.contentHtml, url) : '';
  const item: RenderItem = {
    guid: url ?? article.id,
    guidIsPermaLink: url !== undefined,
    atomId: (url !== undefined ? canonicalUri(url) : undefined) ?? articleUrn(article.id),
    title: ownTitle || truncate(summary, 100) || url || oneLine(article.id),
    ownTitle,
    summary,
    authors: cleanAuthors(article.authors ?? []),
    categories: cleanCategories(article.categories ?? []),
    updated,
    date: published ?? updated,
    enclosures: cleanEnclosures(article),
    sourceId: article.sourceId,
    clusterId: article.clusterId,
    related: cleanRelated(related, url),
  };
  if (url !== undefined) item.url = url;
  if (html) item.html = html;
  if (published !== undefined) item.published = published;
  if (modified !== undefined) item.modified = modified;
  const image = cleanImage(article);
  if (image !== undefined) item.image = image;
  const language = languageTag(article.language);
  if (language !== undefined) item.language = language;
  const siteName = oneLine(article.siteName ?? '');
  if (siteName) item.siteName = siteName;
  return item;
}

/**
 * Cleans the articles (already selected and ordered) into render items, in order, one per article id;
 * guids and Atom ids are kept unique (a repeat falls back to the article id) so validators see no duplicates.
 */
export function toRenderItems(
  def: FeedDefinition,
  articles: readonly Article[],
  feedUpdated: Date,
  related?: RenderContext['related'],
): RenderItem[] {
  const items: RenderItem[] = [];
  const ids = new Set<string>();
  const guids = new Set<string>();
  const atomIds = new Set<string>();
  for (const article of articles) {
    if (ids.has(article.id)) continue;
    ids.add(article.id);
    const item = toItem(article, def, feedUpdated, related?.get(article.id));
    if (guids.has(item.guid)) {
      item.guid = article.id;
      item.guidIsPermaLink = false;
    }
    if (atomIds.has(item.atomId)) item.atomId = articleUrn(article.id);
    guids.add(item.guid);
    atomIds.add(item.atomId);
    items.push(item);
  }
  return items;
}

/** The feed's date: ctx.updatedAt, else the newest article date (updatedAt/publishedAt/fetchedAt), else now. */
export function feedUpdatedAt(articles: readonly Article[], ctx: RenderContext): Date {
  const fixed = validDate(ctx.updatedAt);
  if (fixed !== undefined) return fixed;
  let newest: Date | undefined;
  for (const a of articles) {
    const d = firstValidDate(a.updatedAt, a.publishedAt, a.fetchedAt);
    if (d !== undefined && (newest === undefined || d > newest)) newest = d;
  }
  return newest ?? new Date();
}

/** The language every article that declares one shares (case-insensitive), else undefined. */
export function commonLanguage(articles: readonly Article[]): string | undefined {
  let common: string | undefined;
  for (const a of articles) {
    const lang = languageTag(a.language);
    if (lang === undefined) continue;
    if (common === undefined) common = lang;
    else if (common.toLowerCase() !== lang.toLowerCase()) return undefined;
  }
  return common;
}
