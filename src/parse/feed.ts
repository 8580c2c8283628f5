/** parseFeed: feed bytes (any charset, any supported format) → ParsedFeed with normalized item drafts. */
import type { ArticleDraft } from '../model/article.js';
import type { FeedInfo, ParsedFeed } from '../model/parsed.js';
import { decodeText } from '../fetch/charset.js';
import { normalizeDraft } from '../normalize/index.js';
import { atomXhtmlParts } from './atom-xhtml.js';
import { sniff } from './detect.js';
import { jsonFeedInfo, jsonItem, readJsonFeed } from './json-feed.js';
import { parseXml } from './xml.js';
import { documentBase, xmlFeedInfo } from './xml-feed.js';
import { xmlItem, type RawItem } from './xml-items.js';

/** Options of {@link parseFeed}. */
export interface ParseFeedOptions {
  /** URL the document was fetched from: base of relative links. */
  url?: string;
  /** Content-Type response header (its charset parameter decides the decoding). */
  contentType?: string;
  /** Most items read from one document (default 5000); the rest are ignored. */
  maxItems?: number;
}

/** Default cap on items per document: bounds the work one job can do (DESIGN convention 8). */
export const DEFAULT_MAX_ITEMS = 5000;

function finish(raw: RawItem[], info: FeedInfo): ArticleDraft[] {
  return raw.map((r) => {
    const opts: { baseUrl?: string; siteName?: string; contentBaseUrl?: string } = {};
    if (r.baseUrl !== undefined) opts.baseUrl = r.baseUrl;
    if (r.contentBase !== undefined) opts.contentBaseUrl = r.contentBase;
    if (info.title !== undefined) opts.siteName = info.title;
    const draft: ArticleDraft = { ...r.draft };
    if (info.title !== undefined) draft.siteName ??= info.title;
    if (info.link !== undefined) draft.siteUrl ??= info.link;
    return normalizeDraft(draft, opts);
  });
}

function validUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1. Bytes are decoded with the charset from
 * Content-Type, BOM or XML declaration. Throws FeedmillError('parse', EMPTY | NOT_A_FEED | PARSE_ERROR).
 */
export async function parseFeed(body: Buffer | string, opts: ParseFeedOptions = {}): Promise<ParsedFeed> {
  const text = typeof body === 'string' ? body : decodeText(body, opts.contentType);
  const maxItems = Math.max(0, opts.maxItems ?? DEFAULT_MAX_ITEMS);
  const feedUrl = validUrl(opts.url);
  const sniffed = sniff(text);

  if (sniffed.kind === 'json') {
    const { format, doc } = readJsonFeed(sniffed.text);
    const feedBase = validUrl(typeof doc.feed_url === 'string' ? doc.feed_url : undefined) ?? feedUrl;
    const feed = jsonFeedInfo(doc, feedBase);
    const items = (Array.isArray(doc.items) ? doc.items : [])
      .slice(0, maxItems)
      .map((it) => jsonItem(it, feed.link ?? feedBase, feed.language, feed.authors))
      .filter((r): r is RawItem => r !== undefined);
    return { format, feed, items: finish(items, feed) };
  }

  const { format, attrs } = sniffed;
  const atom = format.startsWith('atom');
  const xml = await parseXml(sniffed.text, format);
  const base = atom ? documentBase(attrs, feedUrl) : feedUrl;
  const feed = xmlFeedInfo(xml.feed, format, attrs, base);
  // Atom resolves against xml:base / the document URL (RFC 4287 §2); RSS has no base, its links are site-relative.
  const itemBase = atom ? base : (feed.link ?? feedUrl);
  const xhtml = atom ? atomXhtmlParts(sniffed.text, xml.items.length) : undefined;
  const items = xml.items.slice(0, maxItems).map((item, i) => {
    const raw = xmlItem(item, atom, itemBase, feed.language, xhtml?.[i]);
    // RFC 4287 §4.2.1: an entry without authors inherits the feed's.
    if (atom && raw.draft.authors.length === 0) raw.draft.authors = feed.authors;
    return raw;
  });
  return { format, feed, items: finish(items, feed) };
}
