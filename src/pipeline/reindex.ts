/**
 * Re-indexing for dedup: every stored article is put back into the near-duplicate index under the current banding
 * and window settings, and into its cluster's member index. Articles stored before the LSH settings changed (or
 * before the member index existed) are otherwise invisible to new copies of their story and to "also ran at".
 * Existing clusterIds are kept: re-indexing does not merge clusters that were missed back then (that would renumber
 * public cluster ids); new copies join them from now on. Idempotent, so it can run while workers ingest.
 */
import { isFingerprint, windowFingerprints } from '../dedup/index.js';
import type { PipelineDeps } from './deps.js';

/** What a re-index did. */
export interface ReindexResult {
  /** Articles read. */
  articles: number;
  /** Articles put into the near-duplicate index (those with a body fingerprint). */
  indexed: number;
  /** Articles in the cluster of an earlier article (near-duplicates of another outlet's copy). */
  clustered: number;
}

/** Articles read per step (one MGET, one pipelined LSH write, one pipelined member-index write). */
const PAGE = 500;

/** Walks the whole timeline newest first and re-indexes every article; `onProgress` after each page. */
export async function reindexDedup(
  deps: Pick<PipelineDeps, 'articles' | 'nearDup'>,
  onProgress?: (r: ReindexResult) => void,
): Promise<ReindexResult> {
  const result: ReindexResult = { articles: 0, indexed: 0, clustered: 0 };
  for (let offset = 0; ; offset += PAGE) {
    const ids = await deps.articles.recentIds(offset, PAGE);
    if (ids.length === 0) break;
    const articles = await deps.articles.getMany(ids);
    const entries = articles
      .filter((a) => isFingerprint(a.fingerprint))
      .map((a) => ({ id: a.id, fps: [a.fingerprint, ...windowFingerprints(a.contentText ?? '')] }));
    await deps.nearDup.addMany(entries);
    await deps.articles.indexClusters(articles);
    result.articles += articles.length;
    result.indexed += entries.length;
    result.clustered += articles.filter((a) => a.clusterId !== a.id).length;
    onProgress?.(result);
    if (ids.length < PAGE) break;
  }
  return result;
}
