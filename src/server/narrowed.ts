/** Feeds rendered on request: a narrowed (`?category=`, `?q=`, `?limit=`, `?since=`) or paged view of a feed. */
import type { FeedDefinition } from '../model/source.js';
import { relatedLinks } from '../pipeline/related.js';
import { encodeCursor, selectPage } from '../pipeline/select.js';
import type { RenderedBytes } from '../store/rendered.js';
import { pagingLinks, queryString, renderFeed, strongEtag, type FeedFormat } from '../syndicate/index.js';
import type { ServerDeps } from './deps.js';
import type { FeedQuery } from './feed-query.js';

/**
 * Selects and renders one page of a narrowed feed; Last-Modified is the plain feed's. `carry` pairs (a
 * partner's `?token=`) ride on the paging links only.
 */
export async function renderNarrowed(
  def: FeedDefinition,
  format: FeedFormat,
  fq: FeedQuery,
  lastModified: string,
  deps: Pick<ServerDeps, 'articles' | 'config' | 'now'>,
  carry: readonly (readonly [string, string])[] = [],
): Promise<RenderedBytes> {
  const page = await selectPage(def, deps.articles, {
    limit: fq.limit,
    narrowing: fq.narrowing,
    nowMs: deps.now().getTime(),
    ...(fq.before ? { before: fq.before } : {}),
    ...(fq.after ? { after: fq.after } : {}),
  });
  const out = renderFeed(def, page.articles, format, {
    baseUrl: deps.config.server.baseUrl,
    query: queryString(fq.pairs),
    paging: pagingLinks(fq.pairs, {
      ...(fq.position ? { self: fq.position } : {}),
      ...(page.older ? { older: encodeCursor(page.older) } : {}),
      ...(page.newer ? { newer: encodeCursor(page.newer) } : {}),
    }, carry),
    related: await relatedLinks(deps.articles, page.articles),
  });
  const identity = Buffer.from(out.body, 'utf8');
  return { identity, etag: strongEtag(identity), contentType: out.contentType, lastModified };
}
