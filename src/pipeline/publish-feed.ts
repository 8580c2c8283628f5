/**
 * The publish stage: render a feed in every format, compress each once (gzip, brotli), store the bytes when
 * they changed, and ping the feed's WebSub hub about the formats that changed.
 */
import type { Logger } from 'pino';
import type { FeedDefinition } from '../model/source.js';
import {
  compressBody,
  FEED_FORMATS,
  feedUrl,
  pagingLinks,
  renderFeed,
  strongEtag,
  type FeedFormat,
  type RenderContext,
} from '../syndicate/index.js';
import { notifyHub, type HubNotifier, type NotifyOptions } from '../websub/notify.js';
import type { PipelineDeps } from './deps.js';
import { paceFor } from './publish-pace.js';
import { relatedLinks } from './related.js';
import { encodeCursor, selectPage } from './select.js';

/** Formats whose bytes changed in a render. */
export interface PublishResult {
  feedId: string;
  items: number;
  changed: string[];
  /** Topic URLs the WebSub hub acknowledged (only when the feed has a hub and something changed). */
  pinged?: string[];
  /** Time the render took (selection, rendering, compression and storing; not the hub ping), ms. */
  renderMs: number;
  /** The wait it sets before the feed's next render (publish-pace.ts), ms. */
  paceMs: number;
}

/** What publishFeed needs: the pipeline's stores and config, plus an optional hub notifier (tests, retries). */
export type PublishDeps = Pick<PipelineDeps, 'articles' | 'rendered' | 'config' | 'now'> & {
  log?: Logger;
  notifyHub?: HubNotifier;
  websub?: NotifyOptions;
  /** Wait before pinging the hub (default HUB_PING_GRACE_MS; tests shorten it). */
  hubPingGraceMs?: number;
};

/** Wait between a render's change message and the WebSub ping: long past a server's reload of the new bytes. */
const HUB_PING_GRACE_MS = 250;

/**
 * Renders one feed definition in RSS, Atom and JSON Feed (the newest page, with RFC 5005 links to older
 * pages); unchanged bytes keep their ETag and Last-Modified, so readers get 304s until something changes.
 */
export async function publishFeed(def: FeedDefinition, deps: PublishDeps): Promise<PublishResult> {
  const started = performance.now();
  const page = await selectPage(def, deps.articles, { limit: def.limit, nowMs: deps.now().getTime() });
  const ctx: RenderContext = {
    baseUrl: deps.config.server.baseUrl,
    paging: pagingLinks([], page.older ? { older: encodeCursor(page.older) } : {}),
    related: await relatedLinks(deps.articles, page.articles),
  };
  const changed: FeedFormat[] = [];
  for (const format of FEED_FORMATS) {
    const out = renderFeed(def, page.articles, format, ctx);
    const etag = strongEtag(out.body);
    if ((await deps.rendered.etag(def.id, format)) === etag) continue;
    const { gzip, br } = await compressBody(out.body);
    await deps.rendered.put(def.id, format, {
      body: out.body,
      etag,
      contentType: out.contentType,
      lastModified: deps.now().toUTCString(),
      gzip,
      br,
    });
    changed.push(format);
  }
  const renderMs = performance.now() - started;
  const paceMs = paceFor(renderMs, deps.config.publish.renderShare);
  await deps.rendered.setPace(def.id, paceMs);
  const result: PublishResult = { feedId: def.id, items: page.articles.length, changed, renderMs, paceMs };
  if (def.hub !== undefined && changed.length > 0) {
    // Servers reload their memory copy when the render's change message reaches them, serving the old one meanwhile
    // (feed-cache.ts): the hub, which fetches right after the ping, must find the reload done.
    await new Promise((r) => setTimeout(r, deps.hubPingGraceMs ?? HUB_PING_GRACE_MS));
    const topics = changed.map((f) => feedUrl(deps.config.server.baseUrl, def.id, f));
    const notify = deps.notifyHub ?? notifyHub;
    result.pinged = await notify(def.hub, topics, {
      userAgent: deps.config.fetch.userAgent,
      ...(deps.log ? { log: deps.log } : {}),
      ...deps.websub,
    });
  }
  return result;
}
