/** The article stage: full text if asked, identity, near-duplicate cluster, store, and publish requests for affected feeds. */
import type { Article, ArticleDraft } from '../model/article.js';
import type { ArticleJob, ArticleJobResult, ArticleOutcome } from '../model/jobs.js';
import { articleIdFor, compareBodies, contentHash, simhash } from '../dedup/index.js';
import { htmlToText } from '../normalize/index.js';
import { enqueuePublish } from '../queue/queues.js';
import type { PipelineDeps } from './deps.js';
import { matchesFilter } from './filter.js';
import { withFullText } from './full-text.js';

/** Below this many words a content hash is too weak to identify an item (many items share a short text). */
const MIN_WORDS_FOR_HASH_IDENTITY = 40;
/** What happened to one item, and the feeds it now belongs to. */
export interface ItemResult {
  outcome: ArticleOutcome;
  id?: string;
  feeds: string[];
}

/** Near-duplicate candidates compared per article at most. */
const MAX_CANDIDATES = 20;

/** Processes a batch of pending items of one source, in order. */
export async function processArticles(job: ArticleJob, deps: PipelineDeps): Promise<ArticleJobResult> {
  const items: ArticleJobResult['items'] = [];
  const feeds = new Set<string>();
  for (const itemKey of job.itemKeys) {
    const res = await processItem(job.sourceId, itemKey, deps);
    for (const f of res.feeds) feeds.add(f);
    items.push({ itemKey, outcome: res.outcome, ...(res.id ? { id: res.id } : {}) });
  }
  // One publish request per affected feed per batch (each is a queue round trip).
  for (const feedId of feeds) await enqueuePublish(deps.queues, feedId, deps.config.publish.debounceMs);
  return { items };
}

/** Processes one pending item; idempotent: a repeated job finds the stored article and reports it unchanged. */
export async function processItem(sourceId: string, pendingKey: string, deps: PipelineDeps): Promise<ItemResult> {
  const job = { sourceId, itemKey: pendingKey };
  const item = await deps.pending.get(pendingKey);
  if (!item) return { outcome: 'unchanged', feeds: [] };
  const source = deps.config.sources.find((s) => s.id === job.sourceId);
  let draft: ArticleDraft = {
    ...item.draft,
    siteName: item.draft.siteName ?? item.siteName,
    siteUrl: item.draft.siteUrl ?? item.siteUrl,
  };
  if (source?.fullText) draft = (await withFullText(draft, source, deps)).draft;

  const text = draft.contentText ?? (draft.contentHtml ? htmlToText(draft.contentHtml) : draft.summary ?? '');
  const hash = contentHash(text || draft.title);
  const url = draft.url ?? item.siteUrl ?? source?.url ?? '';
  const existingId = await deps.articles.findId({
    sourceId: job.sourceId,
    ...(draft.guid ? { guid: draft.guid } : {}),
    ...(draft.url ? { url: draft.url } : {}),
    ...(draft.wordCount >= MIN_WORDS_FOR_HASH_IDENTITY ? { contentHash: hash } : {}),
  });
  const prev = existingId ? await deps.articles.get(existingId) : undefined;
  const id = prev?.id ?? articleIdFor(draft.url, job.sourceId, draft.guid ?? item.itemKey);
  const fingerprint = simhash(`${draft.title}\n${text}`);
  const now = deps.now().toISOString();
  const categories = [...new Set([...draft.categories, ...(source?.categories ?? [])])];
  const article: Article = {
    ...draft,
    id,
    url,
    sourceId: job.sourceId,
    categories,
    contentText: text,
    fetchedAt: prev?.fetchedAt ?? now,
    contentHash: hash,
    fingerprint,
    clusterId: prev?.clusterId ?? (await findCluster(id, draft.title, text, fingerprint, deps)) ?? id,
  };
  const outcome = decideOutcome(prev, article);
  if (outcome === 'updated' && !draft.updatedAt) article.updatedAt = now;
  if (outcome !== 'unchanged') {
    await deps.articles.save(article);
    if (prev && prev.fingerprint !== article.fingerprint) await deps.nearDup.remove(prev.id, prev.fingerprint);
    await deps.nearDup.add(article.id, article.fingerprint);
  }
  await deps.sources.markSeen(job.sourceId, item.itemKey, item.fingerprint);
  await deps.pending.delete(job.itemKey);
  const feeds = outcome === 'unchanged' ? [] : deps.config.feeds.filter((d) => matchesFilter(d.filter, article)).map((d) => d.id);
  return { outcome: outcome === 'new' && article.clusterId !== article.id ? 'duplicate' : outcome, id, feeds };
}

function decideOutcome(prev: Article | undefined, next: Article): 'new' | 'updated' | 'unchanged' {
  if (!prev) return 'new';
  const same =
    prev.contentHash === next.contentHash &&
    prev.title === next.title &&
    prev.url === next.url &&
    prev.publishedAt === next.publishedAt &&
    (next.updatedAt === undefined || prev.updatedAt === next.updatedAt);
  return same ? 'unchanged' : 'updated';
}

/** The cluster of the first stored article whose body is a near-duplicate (candidates from the SimHash index, decided on bodies). */
async function findCluster(id: string, title: string, text: string, fp: string, deps: PipelineDeps): Promise<string | undefined> {
  const ids = (await deps.nearDup.candidates(fp, MAX_CANDIDATES)).filter((c) => c !== id);
  if (ids.length === 0) return undefined;
  const candidates = await deps.articles.getMany(ids);
  candidates.sort((a, b) => a.fetchedAt.localeCompare(b.fetchedAt));
  for (const c of candidates) {
    const cmp = compareBodies({ title, text }, { title: c.title, text: c.contentText ?? '' });
    if (cmp.duplicate) return c.clusterId;
  }
  return undefined;
}
