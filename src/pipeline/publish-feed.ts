/** The publish stage: render a feed in every format and store the bytes when they changed. */
import type { FeedDefinition } from '../model/source.js';
import { FEED_FORMATS, renderFeed, strongEtag } from '../syndicate/index.js';
import type { PipelineDeps } from './deps.js';
import { selectArticles } from './select.js';

/** Formats whose bytes changed in a render. */
export interface PublishResult {
  feedId: string;
  items: number;
  changed: string[];
}

/** Renders one feed definition in RSS, Atom and JSON Feed; unchanged bytes keep their ETag and Last-Modified. */
export async function publishFeed(def: FeedDefinition, deps: Pick<PipelineDeps, 'articles' | 'rendered' | 'config' | 'now'>): Promise<PublishResult> {
  const articles = await selectArticles(def, deps.articles);
  const changed: string[] = [];
  for (const format of FEED_FORMATS) {
    const out = renderFeed(def, articles, format, { baseUrl: deps.config.server.baseUrl });
    const etag = strongEtag(out.body);
    if ((await deps.rendered.etag(def.id, format)) === etag) continue;
    await deps.rendered.put(def.id, format, {
      body: out.body,
      etag,
      contentType: out.contentType,
      lastModified: deps.now().toUTCString(),
    });
    changed.push(format);
  }
  return { feedId: def.id, items: articles.length, changed };
}
