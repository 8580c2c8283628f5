/** Reads the newest matching articles of a feed from the store. */
import type { Article } from '../model/article.js';
import type { FeedDefinition } from '../model/source.js';
import type { ArticleStore } from '../store/index.js';
import { matchesFilter, onePerCluster } from './filter.js';

const PAGE = 200;

/** Newest-first articles of a feed, one per cluster, at most `def.limit`; scans a bounded window of the timeline. */
export async function selectArticles(def: FeedDefinition, store: ArticleStore, maxScan = 5000): Promise<Article[]> {
  const onlySource = def.filter.sources?.length === 1 ? def.filter.sources[0] : undefined;
  const picked: Article[] = [];
  for (let offset = 0; offset < maxScan; offset += PAGE) {
    const ids = await store.recentIds(offset, PAGE, onlySource);
    if (ids.length === 0) break;
    for (const a of await store.getMany(ids)) if (matchesFilter(def.filter, a)) picked.push(a);
    // Gather a little more than the limit so cluster folding still leaves `limit` items.
    if (onePerCluster(picked).length >= def.limit) break;
  }
  return onePerCluster(picked).slice(0, def.limit);
}
