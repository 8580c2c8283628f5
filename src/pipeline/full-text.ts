/** Full text for summary-only feeds: fetch the item's page, extract it, merge with the feed item (feed wins where the page has nothing). */
import type { ArticleDraft } from '../model/article.js';
import { FeedmillError, toErrorInfo, type ErrorInfo } from '../model/errors.js';
import type { Source } from '../model/source.js';
import { decodeText } from '../fetch/charset.js';
import { extractArticle, rulesFor } from '../extract/index.js';
import type { PipelineDeps } from './deps.js';
import { politeFetch } from './polite.js';

/** The merged draft, and why the page could not be used when it could not. */
export interface FullTextResult {
  draft: ArticleDraft;
  method?: string;
  error?: ErrorInfo;
}

/** Fetches and extracts an item's page; on any page failure the feed's own content is kept and the reason returned. */
export async function withFullText(item: ArticleDraft, source: Source, deps: PipelineDeps): Promise<FullTextResult> {
  if (!item.url) return { draft: item };
  try {
    const res = await politeFetch(item.url, {
      headers: source.headers,
      accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
      ...(source.maxBytes ? { maxBytes: source.maxBytes } : {}),
    }, 'page', deps);
    const rules = rulesFor(deps.config.rules, res.url, source.rules);
    const page = extractArticle(decodeText(res.body, res.contentType), {
      url: res.url,
      ...(res.contentType ? { contentType: res.contentType } : {}),
      ...(rules ? { rules } : {}),
    });
    if (!page.contentText || page.wordCount < Math.min(50, item.wordCount + 1)) {
      throw new FeedmillError('extract', 'EXTRACT_FAILED', 'page yielded no article text');
    }
    return { draft: mergeDrafts(item, page), method: page.extraction.method };
  } catch (err) {
    if (!(err instanceof FeedmillError)) throw err;
    deps.log.info({ url: item.url, code: err.code }, 'full text unavailable, keeping feed content');
    return { draft: item, error: toErrorInfo(err, deps.now()) };
  }
}

/** Page body with feed metadata as the fallback; the feed's identity (guid, URL) is kept unless the page names a canonical URL. */
export function mergeDrafts(feed: ArticleDraft, page: ArticleDraft): ArticleDraft {
  return {
    ...feed,
    url: page.url ?? feed.url,
    title: feed.title || page.title,
    summary: feed.summary || page.summary,
    contentHtml: page.contentHtml ?? feed.contentHtml,
    contentText: page.contentText ?? feed.contentText,
    authors: feed.authors.length > 0 ? feed.authors : page.authors,
    publishedAt: feed.publishedAt ?? page.publishedAt,
    updatedAt: feed.updatedAt ?? page.updatedAt,
    language: feed.language ?? page.language,
    categories: [...new Set([...feed.categories, ...page.categories])],
    image: feed.image ?? page.image,
    enclosures: feed.enclosures.length > 0 ? feed.enclosures : page.enclosures,
    siteName: feed.siteName ?? page.siteName,
    siteUrl: feed.siteUrl ?? page.siteUrl,
    wordCount: page.contentText ? page.wordCount : feed.wordCount,
  };
}
