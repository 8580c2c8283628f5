/**
 * Re-extraction of a source's stored articles after its rules (or the extractor) changed: every stored article goes
 * back through the article stage as a pending item built from the article itself. For a full-text source (html,
 * sitemap, or fullText: true) the article stage re-fetches each page (politeFetch: robots and the host budget apply)
 * and extracts it with the current rules; for a feed-only source it re-normalizes the stored content. Articles whose
 * result differs are updated in place (same id, cluster kept) and their feeds re-rendered.
 */
import type { Article, ArticleDraft } from '../model/article.js';
import type { ArticleJob } from '../model/jobs.js';
import { itemFingerprint } from '../dedup/index.js';
import { jobId, shortHash } from '../queue/queues.js';
import type { PendingItem } from '../store/index.js';
import type { PipelineDeps } from './deps.js';
import { batchSize } from './ingest-source.js';

/** Articles read per step. */
const PAGE = 200;

/** What a re-extraction pass queued. */
export interface ReextractResult {
  sourceId: string;
  articles: number;
  jobs: number;
}

/** The draft an article was made from, as near as the stored article tells. */
export function draftOf(a: Article): ArticleDraft {
  const { id: _id, sourceId: _s, fetchedAt: _f, contentHash: _h, fingerprint: _p, clusterId: _c, ...draft } = a;
  return draft;
}

/** Queues every stored article of `sourceId` for the article stage again; returns how many articles and jobs. */
export async function reextractSource(sourceId: string, deps: PipelineDeps): Promise<ReextractResult> {
  const source = await deps.registry.get(sourceId);
  const result: ReextractResult = { sourceId, articles: 0, jobs: 0 };
  if (!source) return result;
  const run = deps.now().getTime().toString(36);
  const total = await deps.articles.count(sourceId);
  for (let offset = 0; offset < total; offset += PAGE) {
    const articles = await deps.articles.getMany(await deps.articles.recentIds(offset, PAGE, sourceId));
    const keys = articles.map((a) => a.guid || a.url);
    // The feed item's fingerprint stays as it was, so the next fetch does not see every item as changed.
    const seen = await deps.sources.seen(sourceId, keys);
    const entries = articles.map((a, i) => {
      const draft = draftOf(a);
      const item: PendingItem = { sourceId, itemKey: keys[i]!, fingerprint: seen[i] ?? itemFingerprint(draft), draft };
      return { key: jobId('rx', sourceId, shortHash(`${run}\n${a.id}`)), item };
    });
    await deps.pending.putMany(entries);
    const size = batchSize(source);
    const jobs: { name: string; data: ArticleJob; opts: { jobId: string } }[] = [];
    for (let i = 0; i < entries.length; i += size) {
      const itemKeys = entries.slice(i, i + size).map((e) => e.key);
      jobs.push({ name: 'article', data: { sourceId, itemKeys }, opts: { jobId: jobId('art', sourceId, shortHash(itemKeys.join('\n'))) } });
    }
    await deps.queues.article.addBulk(jobs);
    result.articles += entries.length;
    result.jobs += jobs.length;
  }
  deps.log.info({ ...result }, 'reextract queued');
  return result;
}
