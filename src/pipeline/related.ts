/**
 * "Also ran at": for the articles of a feed page, the other outlets that carried the same story, read from the
 * cluster member index (one pipelined round trip for every cluster on the page) and the members' records (one MGET).
 * Articles alone in their cluster cost nothing beyond the first round trip.
 */
import type { Article } from '../model/article.js';
import type { ArticleStore } from '../store/index.js';
import type { RelatedLink } from '../syndicate/index.js';

/** Other outlets listed per item at most (a story carried by hundreds of sites would otherwise swamp the item). */
export const MAX_RELATED = 20;

/** Member ids of `a`'s cluster other than itself, first seen first; the cluster's first article is always included. */
function othersOf(a: Article, members: ReadonlyMap<string, string[]>): string[] {
  const ids = [...(members.get(a.clusterId) ?? [])];
  // Clusters formed before the member index existed have no entries: their first article is still known.
  if (a.clusterId !== a.id && !ids.includes(a.clusterId)) ids.unshift(a.clusterId);
  return ids.filter((id) => id !== a.id);
}

/** Article id → the other members of its cluster as links, in first-seen order (articles with none are absent). */
export async function relatedLinks(store: ArticleStore, articles: readonly Article[]): Promise<Map<string, RelatedLink[]>> {
  const out = new Map<string, RelatedLink[]>();
  if (articles.length === 0) return out;
  // One more than listed: the article itself is usually among its cluster's first members.
  const members = await store.clusterMembers(articles.map((a) => a.clusterId), MAX_RELATED + 1);
  const wanted = [...new Set(articles.flatMap((a) => othersOf(a, members)))];
  if (wanted.length === 0) return out;
  const read = await store.getEach(wanted);
  const byId = new Map(wanted.map((id, i) => [id, read[i]]));
  for (const a of articles) {
    const links: RelatedLink[] = [];
    for (const id of othersOf(a, members)) {
      const m = byId.get(id);
      // A member deleted meanwhile, or an index entry left behind by an interrupted write, is not listed.
      if (m?.clusterId !== a.clusterId) continue;
      links.push(m.siteName ? { url: m.url, sourceId: m.sourceId, siteName: m.siteName } : { url: m.url, sourceId: m.sourceId });
    }
    if (links.length > 0) out.set(a.id, links.slice(0, MAX_RELATED));
  }
  return out;
}
