/** Turns a fetched response into article drafts according to the source's type. */
import type { ArticleDraft } from '../model/article.js';
import { FeedmillError } from '../model/errors.js';
import type { Source } from '../model/source.js';
import type { FetchResponse } from '../fetch/index.js';
import { decodeText } from '../fetch/charset.js';
import { parseFeed } from '../parse/index.js';
import { extractArticle, findRules } from '../extract/index.js';
import type { PipelineDeps } from './deps.js';

/** Items read from one response, plus the site they came from. */
export interface SourceRead {
  items: ArticleDraft[];
  site: { siteName?: string; siteUrl?: string };
}

/** Reads a response as a feed (type feed) or a single article page (type page). */
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
      return { items: parsed.items, site };
    }
    case 'page': {
      const html = decodeText(res.body, res.contentType);
      const rules = findRules(deps.config.rules, res.url);
      const page = extractArticle(html, {
        url: res.url,
        ...(res.contentType ? { contentType: res.contentType } : {}),
        ...(rules ? { rules } : {}),
      });
      const { extraction: _extraction, headerDate: _headerDate, ...draft } = page;
      return { items: [{ ...draft, url: draft.url ?? res.url }], site: {} };
    }
    default:
      throw new FeedmillError('parse', 'NOT_A_FEED', `source type "${source.type}" is not supported by this version`);
  }
}
