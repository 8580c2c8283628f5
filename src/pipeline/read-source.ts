/** Turns a fetched response into article drafts according to the source's type. */
import type { ArticleDraft } from '../model/article.js';
import { FeedmillError } from '../model/errors.js';
import type { Source } from '../model/source.js';
import type { FetchResponse } from '../fetch/index.js';
import { decodeText } from '../fetch/charset.js';
import { findArticleLinks, parseFeed, parseSitemap, type SitemapEntry } from '../parse/index.js';
import { extractArticle, rulesFor } from '../extract/index.js';
import type { PipelineDeps } from './deps.js';
import { politeFetch } from './polite.js';

/** Items read from one response, plus the site they came from. */
export interface SourceRead {
  items: ArticleDraft[];
  site: { siteName?: string; siteUrl?: string };
  /** The feed's own polling hint (RSS <ttl>, or sy:updatePeriod/Frequency), minutes. */
  ttlMinutes?: number;
  /** How the document was read, for the fetch history: `feed:<format>`, the page's extraction method, `listing`, `sitemap`. */
  path: string;
}

/** Reads a response by source type: a feed's items, one article page, a listing page's article links, or a sitemap's URLs. */
export async function readSource(source: Source, res: FetchResponse, deps: PipelineDeps): Promise<SourceRead> {
  switch (source.type) {
    case 'feed': {
      const parsed = await parseFeed(res.body, {
        url: res.url,
        ...(res.contentType ? { contentType: res.contentType } : {}),
        maxItems: deps.config.fetch.maxItems,
      });
      const site: SourceRead['site'] = {};
      if (parsed.feed.title) site.siteName = parsed.feed.title;
      if (parsed.feed.link) site.siteUrl = parsed.feed.link;
      return { items: parsed.items, site, path: `feed:${parsed.format}`, ...(parsed.feed.ttlMinutes !== undefined ? { ttlMinutes: parsed.feed.ttlMinutes } : {}) };
    }
    case 'page': {
      const html = decodeText(res.body, res.contentType);
      const rules = rulesFor(deps.config.rules, res.url, source.rules);
      const page = extractArticle(html, {
        url: res.url,
        ...(res.contentType ? { contentType: res.contentType } : {}),
        ...(rules ? { rules } : {}),
      });
      const { extraction, headerDate: _headerDate, ...draft } = page;
      return { items: [{ ...draft, url: draft.url ?? res.url }], site: {}, path: extraction.method };
    }
    case 'html': {
      const html = decodeText(res.body, res.contentType);
      const rules = rulesFor(deps.config.rules, res.url, source.rules);
      const links = findArticleLinks(html, res.url, { ...(rules?.links ? { selector: rules.links } : {}), max: LISTING_MAX });
      if (links.length === 0) throw new FeedmillError('parse', 'EMPTY', 'no article links found on the listing page');
      // Anchor text is often a teaser or a kicker: the article page's own headline is used instead.
      return { items: links.map((l) => linkDraft(l.url, '')), site: {}, path: 'listing' };
    }
    case 'sitemap': {
      const entries = await readSitemap(res, source, deps);
      return { items: entries.map((e) => sitemapDraft(e)), site: {}, path: 'sitemap' };
    }
  }
}

/** Article links followed per listing page at most. */
const LISTING_MAX = 50;
/** Child sitemaps of an index read per crawl at most (the first ones listed are usually the newest). */
const SITEMAP_CHILDREN = 3;

/** A draft that only knows where the article is: the article stage fetches and extracts the page. */
function linkDraft(url: string, title: string): ArticleDraft {
  return { url, title, authors: [], categories: [], enclosures: [], wordCount: 0 };
}

function sitemapDraft(e: SitemapEntry): ArticleDraft {
  return {
    ...linkDraft(e.url, e.title ?? ''),
    ...(e.publishedAt ? { publishedAt: e.publishedAt } : {}),
    ...(e.language ? { language: e.language } : {}),
    ...(e.siteName ? { siteName: e.siteName } : {}),
  };
}

/** A sitemap's entries; an index is followed one level down (bounded), through the same fetcher and limits. */
async function readSitemap(res: FetchResponse, source: Source, deps: PipelineDeps): Promise<SitemapEntry[]> {
  const map = parseSitemap(decodeText(res.body, res.contentType), res.url);
  if (map.kind === 'urlset') return map.entries;
  const entries: SitemapEntry[] = [];
  for (const child of map.sitemaps.slice(0, SITEMAP_CHILDREN)) {
    const sub = await politeFetch(child, { headers: source.headers, ...(source.maxBytes ? { maxBytes: source.maxBytes } : {}) }, 'page', deps);
    const parsed = parseSitemap(decodeText(sub.body, sub.contentType), sub.url);
    entries.push(...parsed.entries);
  }
  if (entries.length === 0) throw new FeedmillError('parse', 'EMPTY', 'the sitemap index lists no readable sitemap');
  return entries;
}
