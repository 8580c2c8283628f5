/** Syndicate stage: FeedDefinition + Article[] → RSS 2.0 / Atom 1.0 / JSON Feed 1.1 bytes. Pure, no I/O. */
import type { Article } from '../model/article.js';
import { FeedmillError } from '../model/errors.js';
import type { FeedDefinition } from '../model/source.js';
import { renderAtom } from './atom.js';
import { commonLanguage, feedUpdatedAt, toRenderItems, type FeedMeta } from './items.js';
import { renderJson } from './json.js';
import { renderRss } from './rss.js';
import { languageTag, oneLine, xmlSafe } from './text.js';
import type { FeedFormat, RenderContext, RenderedFeed } from './types.js';
import { httpUrl } from './urls.js';

export { FEED_FORMATS } from './types.js';
export type { FeedFormat, RelatedLink, RenderContext, RenderedFeed } from './types.js';
export { strongEtag } from './etag.js';
export { renderOpml, type OpmlFeed } from './opml.js';
export { pagingLinks, queryString, type PagePosition } from './paging.js';
export { compressBody, compressQuick, variantEtag, type Coding } from './encode.js';

const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** The Content-Type header value for a format. */
export function contentTypeOf(format: FeedFormat): string {
  return CONTENT_TYPES[format];
}

/** The public URL of a feed in one format: `${baseUrl}/feeds/${id}.rss|.atom|.json`. */
export function feedUrl(baseUrl: string, feedId: string, format: FeedFormat): string {
  return `${baseUrl.replace(/\/+$/, '')}/feeds/${encodeURIComponent(feedId)}.${format}`;
}

const PAGE_RELS = ['first', 'previous', 'next', 'last'] as const;

function feedMeta(def: FeedDefinition, articles: readonly Article[], ctx: RenderContext, updated: Date): FeedMeta {
  const base = httpUrl(ctx.baseUrl)?.replace(/\/+$/, '');
  if (base === undefined) {
    throw new FeedmillError('publish', 'CONFIG', `baseUrl is not an absolute http(s) URL: ${ctx.baseUrl}`);
  }
  const plain = (format: FeedFormat): string => feedUrl(base, def.id, format);
  const paging = ctx.paging;
  const meta: FeedMeta = {
    title: oneLine(def.title) || def.id,
    homeUrl: `${base}/`,
    selfUrl: (format) => `${plain(format)}${ctx.query ?? ''}`,
    docUrl: (format) => `${plain(format)}${paging?.self ?? ctx.query ?? ''}`,
    pageLinks: (format) =>
      PAGE_RELS.flatMap((rel) => (paging?.[rel] !== undefined ? [{ rel, href: `${plain(format)}${paging[rel]}` }] : [])),
    updated,
    generator: oneLine(ctx.generator ?? '') || 'feedmill',
  };
  const description = xmlSafe(def.description ?? '').trim();
  if (description) meta.description = description;
  const hub = httpUrl(ctx.hub ?? def.hub);
  if (hub !== undefined) meta.hub = hub;
  // The feed's own language when it declares one, else the one language all articles share, if any.
  const language = languageTag(def.language) ?? commonLanguage(articles);
  if (language !== undefined) meta.language = language;
  const icon = httpUrl(def.icon);
  if (icon !== undefined) meta.icon = icon;
  const logo = httpUrl(def.logo);
  if (logo !== undefined) meta.logo = logo;
  const copyright = oneLine(def.copyright ?? '');
  if (copyright) meta.copyright = copyright;
  return meta;
}

/**
 * Renders one feed. `articles` are already selected and ordered newest first and are rendered in that
 * order, one entry per article id; `def.content` picks full HTML (falling back to the summary) or the summary.
 */
export function renderFeed(
  def: FeedDefinition,
  articles: Article[],
  format: FeedFormat,
  ctx: RenderContext,
): RenderedFeed {
  const updated = feedUpdatedAt(articles, ctx);
  const meta = feedMeta(def, articles, ctx, updated);
  const items = toRenderItems(def, articles, updated, ctx.related);
  const body = format === 'rss' ? renderRss(meta, items) : format === 'atom' ? renderAtom(meta, items) : renderJson(meta, items);
  return { body, contentType: contentTypeOf(format) };
}
