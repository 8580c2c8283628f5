/** normalizeDraft: one place that turns any adapter's ArticleDraft into clean canonical fields. */
import type { ArticleDraft, Author, Enclosure, ImageRef } from '../model/article.js';
import { toIsoDate } from './date.js';
import { sanitizeHtml } from './sanitize.js';
import { countWords, htmlToText, plainText, summarize } from './text.js';
import { cleanTitle } from './title.js';
import { cleanUrl, parseHttpUrl } from './url.js';

/** Options of {@link normalizeDraft}. */
export interface NormalizeOptions {
  /** URL relative links in the item and its body are resolved against. */
  baseUrl?: string;
  /** Site name removed from the end/start of titles. */
  siteName?: string;
  /**
   * Base for relative URLs inside the body, image and enclosures when the format says so explicitly
   * (Atom xml:base, RFC 4287 §2); otherwise they resolve against the item's own URL, then `baseUrl`.
   */
  contentBaseUrl?: string;
}

/** Longest summary kept (DESIGN: "summary plain text, at most ~500 chars"). */
const SUMMARY_MAX = 500;

/**
 * BCP 47 casing (RFC 5646 §2.1.1): language lower case, script title case, region upper case
 * ("EN_us" → "en-US", "zh-hant-tw" → "zh-Hant-TW"). Undefined when it does not look like a tag.
 */
export function normalizeLanguage(tag: string | undefined): string | undefined {
  const t = tag?.trim().replace(/_/g, '-');
  if (t === undefined || !/^[a-z]{2,8}(-[a-z0-9]{1,8})*$/i.test(t)) return undefined;
  return t
    .split('-')
    .map((part, i) => {
      if (i === 0) return part.toLowerCase();
      if (/^[a-z]{4}$/i.test(part)) return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
      if (/^([a-z]{2}|\d{3})$/i.test(part)) return part.toUpperCase();
      return part.toLowerCase();
    })
    .join('-');
}

/** Author display name: plain text without a leading "By"/"by:" byline word. */
function authorName(raw: string): string {
  return plainText(raw).replace(/^by[:\s]\s*/i, '').trim();
}

/** Authors with plain names, "By " dropped, empty dropped, deduplicated by name (case-insensitive). */
function normalizeAuthors(authors: Author[], base?: string): Author[] {
  const seen = new Map<string, Author>();
  for (const a of authors) {
    const name = authorName(a.name);
    if (name === '') continue;
    const key = name.toLowerCase();
    const prev = seen.get(key);
    const url = a.url === undefined ? undefined : cleanUrl(a.url, base);
    const email = a.email?.trim().replace(/^mailto:/i, '');
    const author: Author = { name, ...prev };
    if (author.url === undefined && url !== undefined) author.url = url;
    if (author.email === undefined && email !== undefined && /^[^\s@<>]+@[^\s@<>]+$/.test(email)) author.email = email;
    seen.set(key, author);
  }
  return [...seen.values()];
}

/** Categories trimmed (plain text) and deduplicated case-insensitively, first spelling kept. */
function normalizeCategories(categories: string[]): string[] {
  const seen = new Map<string, string>();
  for (const c of categories) {
    const t = plainText(c);
    if (t !== '' && !seen.has(t.toLowerCase())) seen.set(t.toLowerCase(), t);
  }
  return [...seen.values()];
}

function normalizeImage(image: ImageRef | undefined, base?: string): ImageRef | undefined {
  if (image === undefined) return undefined;
  const url = cleanUrl(image.url, base);
  if (url === undefined) return undefined;
  const out: ImageRef = { url };
  const alt = image.alt === undefined ? '' : plainText(image.alt);
  if (alt !== '') out.alt = alt;
  if (image.width !== undefined && Number.isFinite(image.width) && image.width > 0) out.width = Math.round(image.width);
  if (image.height !== undefined && Number.isFinite(image.height) && image.height > 0) out.height = Math.round(image.height);
  return out;
}

function normalizeEnclosures(enclosures: Enclosure[], base?: string): Enclosure[] {
  const seen = new Set<string>();
  const out: Enclosure[] = [];
  for (const e of enclosures) {
    const url = cleanUrl(e.url, base);
    if (url === undefined || seen.has(url)) continue;
    seen.add(url);
    const enc: Enclosure = { url, type: e.type.trim().toLowerCase() || 'application/octet-stream' };
    if (e.length !== undefined && Number.isFinite(e.length) && e.length > 0) enc.length = Math.round(e.length);
    out.push(enc);
  }
  return out;
}

/**
 * Cleans every field of a draft: url via cleanUrl, title via cleanTitle (from the text start when missing),
 * summary plain text ≤ 500 chars (from the body when missing), contentText from the body when missing,
 * wordCount, categories/authors deduplicated, image/enclosure URLs cleaned, dates ISO UTC, language BCP 47.
 * The HTML body is sanitized last, after everything else has read the original.
 */
export function normalizeDraft(draft: ArticleDraft, opts: NormalizeOptions = {}): ArticleDraft {
  const url = draft.url === undefined ? undefined : cleanUrl(draft.url, opts.baseUrl);
  // Relative links in the body are relative to the item's own page when it has one.
  const explicitBase = opts.contentBaseUrl !== undefined && parseHttpUrl(opts.contentBaseUrl) !== undefined ? opts.contentBaseUrl : undefined;
  const base = explicitBase ?? url ?? (opts.baseUrl !== undefined && parseHttpUrl(opts.baseUrl) !== undefined ? opts.baseUrl : undefined);
  const siteName = opts.siteName ?? (draft.siteName === undefined ? undefined : plainText(draft.siteName));

  const rawHtml = draft.contentHtml?.trim() ? draft.contentHtml : undefined;
  const contentHtml = rawHtml === undefined ? undefined : sanitizeHtml(rawHtml, base === undefined ? {} : { baseUrl: base });
  const providedText = draft.contentText?.trim() ? htmlToTextIfMarkup(draft.contentText) : undefined;
  const contentText = providedText ?? (contentHtml ? htmlToText(contentHtml) : undefined);

  const summarySource = draft.summary?.trim() ? htmlToText(draft.summary) : (contentText ?? '');
  const summary = summarySource === '' ? undefined : summarize(summarySource, SUMMARY_MAX);
  let title = cleanTitle(draft.title ?? '', siteName);
  // The text start is plain text that may hold literal markup (an article quoting HTML): pass it through plainText too.
  if (title === '') title = plainText(summarize(contentText ?? summary ?? '', 80));

  const out: ArticleDraft = {
    title,
    authors: normalizeAuthors(draft.authors ?? [], base),
    categories: normalizeCategories(draft.categories ?? []),
    enclosures: normalizeEnclosures(draft.enclosures ?? [], base),
    wordCount: countWords(contentText ?? summary ?? ''),
  };
  if (url !== undefined) out.url = url;
  const guid = draft.guid?.trim();
  if (guid) out.guid = guid;
  if (summary !== undefined) out.summary = summary;
  if (contentHtml) out.contentHtml = contentHtml;
  if (contentText) out.contentText = contentText;
  const publishedAt = toIsoDate(draft.publishedAt);
  if (publishedAt !== undefined) out.publishedAt = publishedAt;
  const updatedAt = toIsoDate(draft.updatedAt);
  if (updatedAt !== undefined) out.updatedAt = updatedAt;
  const language = normalizeLanguage(draft.language);
  if (language !== undefined) out.language = language;
  const image = normalizeImage(draft.image, base);
  if (image !== undefined) out.image = image;
  if (siteName) out.siteName = siteName;
  const siteUrl = draft.siteUrl === undefined ? undefined : cleanUrl(draft.siteUrl, opts.baseUrl);
  if (siteUrl !== undefined) out.siteUrl = siteUrl;
  return out;
}

/** Feeds put HTML in "text" fields often enough; markup there is read as HTML, other text is kept as is. */
function htmlToTextIfMarkup(s: string): string {
  return /<[a-z!/][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/i.test(s) ? htmlToText(s) : s.replace(/\r\n?/g, '\n').trim();
}
