/** Which articles a feed definition selects, narrowed by a request's query, and how repeats fold (pure). */
import type { Article } from '../model/article.js';
import type { FeedDedupe, FeedFilter } from '../model/source.js';
import { sortTime } from '../store/index.js';

/** What a request's query parameters add to a feed's own filter (`?category=`, `?q=`, `?since=`). */
export interface FeedNarrowing {
  /** Every one of these categories must be on the article (case-insensitive). */
  categories?: string[];
  /** Every one of these words must appear in title, summary or text (case-insensitive). */
  words?: string[];
  /** Only articles whose sort time (published, else first fetched) is at or after this instant (ms). */
  sinceMs?: number;
}

function haystack(a: Article): string {
  return `${a.title}\n${a.summary ?? ''}\n${a.contentText ?? ''}`.toLowerCase();
}

/** True when an article belongs in a feed with this filter; `nowMs` anchors `maxAgeMs`. */
export function matchesFilter(filter: FeedFilter, a: Article, nowMs: number = Date.now()): boolean {
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
  if (filter.maxAgeMs !== undefined && sortTime(a) < nowMs - filter.maxAgeMs) return false;
  if (filter.include?.length || filter.exclude?.length) {
    const text = haystack(a);
    if (filter.include?.length && !filter.include.some((w) => text.includes(w.toLowerCase()))) return false;
    if (filter.exclude?.some((w) => text.includes(w.toLowerCase()))) return false;
  }
  return true;
}

/** True when an article passes a request's narrowing (every category, every word, not before `since`). */
export function matchesNarrowing(n: FeedNarrowing | undefined, a: Article): boolean {
  if (!n) return true;
  if (n.sinceMs !== undefined && sortTime(a) < n.sinceMs) return false;
  if (n.categories?.length) {
    const mine = new Set(a.categories.map((c) => c.toLowerCase()));
    if (!n.categories.every((c) => mine.has(c.toLowerCase()))) return false;
  }
  if (n.words?.length) {
    const text = haystack(a);
    if (!n.words.every((w) => text.includes(w.toLowerCase()))) return false;
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

/** One article per URL, keeping the first (newest) in order. */
export function onePerUrl(articles: readonly Article[]): Article[] {
  const seen = new Set<string>();
  return articles.filter((a) => {
    if (seen.has(a.url)) return false;
    seen.add(a.url);
    return true;
  });
}

/** Folds repeats as the feed's `dedupe` asks (default: one per cluster). */
export function foldRepeats(articles: readonly Article[], mode: FeedDedupe = 'cluster'): Article[] {
  if (mode === 'off') return [...articles];
  return mode === 'url' ? onePerUrl(articles) : onePerCluster(articles);
}
