/** Which articles a feed definition selects (pure). */
import type { Article } from '../model/article.js';
import type { FeedFilter } from '../model/source.js';

function haystack(a: Article): string {
  return `${a.title}\n${a.summary ?? ''}\n${a.contentText ?? ''}`.toLowerCase();
}

/** True when an article belongs in a feed with this filter. */
export function matchesFilter(filter: FeedFilter, a: Article): boolean {
  if (filter.sources && filter.sources.length > 0 && !filter.sources.includes(a.sourceId)) return false;
  if (filter.categories && filter.categories.length > 0) {
    const mine = new Set(a.categories.map((c) => c.toLowerCase()));
    if (!filter.categories.some((c) => mine.has(c.toLowerCase()))) return false;
  }
  if (filter.language) {
    const want = filter.language.toLowerCase();
    const lang = (a.language ?? '').toLowerCase();
    if (lang !== want && !lang.startsWith(`${want}-`)) return false;
  }
  if (filter.include?.length || filter.exclude?.length) {
    const text = haystack(a);
    if (filter.include?.length && !filter.include.some((w) => text.includes(w.toLowerCase()))) return false;
    if (filter.exclude?.some((w) => text.includes(w.toLowerCase()))) return false;
  }
  return true;
}

/** One article per near-duplicate cluster, keeping order; the cluster's first article wins when present. */
export function onePerCluster(articles: readonly Article[]): Article[] {
  const chosen = new Map<string, Article>();
  for (const a of articles) {
    const cur = chosen.get(a.clusterId);
    if (!cur) chosen.set(a.clusterId, a);
    else if (a.id === a.clusterId) chosen.set(a.clusterId, a);
  }
  const keep = new Set(chosen.values());
  return articles.filter((a) => keep.has(a));
}
