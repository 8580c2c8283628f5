/**
 * The article stage: full text if asked, identity, near-duplicate cluster, store, and publish requests for affected
 * feeds. A job's items are read, identified and written as one batch (store/batch.ts); items are still decided in
 * order, each seeing what the earlier ones stored.
 */
import type { Article, ArticleDraft } from '../model/article.js';
import type { ArticleJob, ArticleJobResult, ArticleOutcome } from '../model/jobs.js';
import type { Source } from '../model/source.js';
import { articleIdFor, compareBodies, windowFingerprints } from '../dedup/index.js';
import { contentHashOf } from '../dedup/identity.js';
import { simhashOf, tokenize } from '../dedup/simhash.js';
import { htmlToText } from '../normalize/index.js';
import { enqueuePublish } from '../queue/queues.js';
import type { PendingItem, PendingRead } from '../store/index.js';
import { ArticleBatch } from '../store/batch.js';
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

/** An item with everything derived from its own content, before any lookup. */
interface Prepared {
  pendingKey: string;
  item: PendingItem;
  /** The body fields as read, with their JSON text (reused when the article stores them unchanged). */
  body: PendingRead['body'];
  draft: ArticleDraft;
  text: string;
  url: string;
  contentHash: string;
  fingerprint: string;
}

/** Processes a batch of pending items of one source, in order. */
export async function processArticles(job: ArticleJob, deps: PipelineDeps): Promise<ArticleJobResult> {
  const results = await processBatch(job.sourceId, job.itemKeys, deps);
  const feeds = new Set(results.flatMap((r) => r.feeds));
  // One publish request per affected feed per batch (each is a queue round trip).
  for (const feedId of feeds) await enqueuePublish(deps.queues, feedId, deps.config.publish.debounceMs);
  return { items: results.map((r, i) => ({ itemKey: job.itemKeys[i] ?? '', outcome: r.outcome, ...(r.id ? { id: r.id } : {}) })) };
}

/** Processes one pending item; idempotent: a repeated job finds the stored article and reports it unchanged. */
export async function processItem(sourceId: string, pendingKey: string, deps: PipelineDeps): Promise<ItemResult> {
  const [res] = await processBatch(sourceId, [pendingKey], deps);
  return res ?? { outcome: 'unchanged', feeds: [] };
}

/**
 * Reads the batch's pending items (one MGET), derives hashes, reads every identity index and prior article (two
 * round trips), decides each item in order, and writes articles, seen marks and pending deletes in one MULTI.
 * Only the near-duplicate index is read and written per item, so each item's candidates include earlier ones.
 */
async function processBatch(sourceId: string, pendingKeys: readonly string[], deps: PipelineDeps): Promise<ItemResult[]> {
  const source = deps.config.sources.find((s) => s.id === sourceId);
  const items = await deps.pending.getMany(pendingKeys);
  const prepared: (Prepared | undefined)[] = [];
  for (const [i, read] of items.entries()) {
    const key = pendingKeys[i] ?? '';
    // A key repeated in one job is gone by its second turn (its first turn deletes it).
    const repeated = pendingKeys.indexOf(key) < i;
    prepared.push(read && !repeated ? await prepare(key, read, source, deps) : undefined);
  }
  const ready = prepared.filter((p): p is Prepared => p !== undefined);
  const batch = await ArticleBatch.open(
    deps,
    ready.map((p) => ({
      sourceId,
      ...(p.draft.guid ? { guid: p.draft.guid } : {}),
      ...(p.draft.url ? { url: p.draft.url } : {}),
      ...(p.draft.wordCount >= MIN_WORDS_FOR_HASH_IDENTITY ? { contentHash: p.contentHash } : {}),
    })),
  );
  const results: ItemResult[] = [];
  let at = 0;
  try {
    for (const p of prepared) {
      results.push(p ? await decide(sourceId, p, at++, batch, source, deps) : { outcome: 'unchanged', feeds: [] });
    }
  } catch (err) {
    // As when items were written one by one: those decided before the failure stay stored, the job retries the rest.
    await batch.commit().catch(() => undefined);
    throw err;
  }
  await batch.commit();
  return results;
}

/** Full text when the source asks for it, then the text, content hash and SimHash from one tokenization. */
async function prepare(pendingKey: string, { item, body }: PendingRead, source: Source | undefined, deps: PipelineDeps): Promise<Prepared> {
  let draft: ArticleDraft = {
    ...item.draft,
    siteName: item.draft.siteName ?? item.siteName,
    siteUrl: item.draft.siteUrl ?? item.siteUrl,
  };
  if (source?.fullText && draft.url) {
    const ft = await withFullText(draft, source, deps);
    draft = ft.draft;
    // A page that could not be used leaves the feed's content in place; why is kept on the source for operators.
    await deps.sources.recordFullText(source.id, { ...(ft.method ? { method: ft.method } : {}), ...(ft.error ? { error: ft.error } : {}) });
  }
  const text = draft.contentText ?? (draft.contentHtml ? htmlToText(draft.contentHtml) : draft.summary ?? '');
  const bodyTokens = tokenize(text);
  const titleTokens = tokenize(draft.title);
  return {
    pendingKey,
    item,
    body,
    draft,
    text,
    url: draft.url ?? item.siteUrl ?? source?.url ?? '',
    // contentHash(text || title) and simhash(`${title}\n${text}`), without tokenizing anything twice.
    contentHash: contentHashOf(text ? bodyTokens : titleTokens),
    fingerprint: simhashOf([titleTokens, bodyTokens]),
  };
}

async function decide(sourceId: string, p: Prepared, i: number, batch: ArticleBatch, source: Source | undefined, deps: PipelineDeps): Promise<ItemResult> {
  const { draft, text, fingerprint } = p;
  // Window fingerprints over the body's paragraphs find trimmed and re-led copies the whole-body SimHash misses;
  // computed only for an item that is new or changed (an unchanged one needs none).
  let windowsOf: string[] | undefined;
  const windows = () => (windowsOf ??= windowFingerprints(text));
  const existingId = batch.findId(i);
  const prev = existingId ? await batch.get(existingId) : undefined;
  const id = prev?.id ?? articleIdFor(draft.url, sourceId, draft.guid ?? p.item.itemKey);
  const now = deps.now().toISOString();
  const categories = [...new Set([...draft.categories, ...(source?.categories ?? [])])];
  const article: Article = {
    ...draft,
    id,
    url: p.url,
    sourceId,
    categories,
    contentText: text,
    fetchedAt: prev?.fetchedAt ?? now,
    contentHash: p.contentHash,
    fingerprint,
    clusterId: prev?.clusterId ?? (await findCluster(id, draft.title, text, [fingerprint, ...windows()], batch, deps)) ?? id,
  };
  const outcome = decideOutcome(prev, article);
  if (outcome === 'updated' && !draft.updatedAt) article.updatedAt = now;
  if (outcome !== 'unchanged') {
    batch.save(article, p.body);
    // Always replace: a small edit can move a window while the body SimHash stays the same.
    if (prev) await deps.nearDup.remove(prev.id, prev.fingerprint, windowFingerprints(prev.contentText ?? ''));
    await deps.nearDup.add(article.id, article.fingerprint, windows());
  }
  batch.finish(sourceId, p.item.itemKey, p.item.fingerprint, p.pendingKey);
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
async function findCluster(id: string, title: string, text: string, fps: string[], batch: ArticleBatch, deps: PipelineDeps): Promise<string | undefined> {
  const ids = (await deps.nearDup.candidates(fps, MAX_CANDIDATES)).filter((c) => c !== id);
  if (ids.length === 0) return undefined;
  const candidates = await batch.getMany(ids);
  candidates.sort((a, b) => a.fetchedAt.localeCompare(b.fetchedAt));
  for (const c of candidates) {
    const cmp = compareBodies({ title, text }, { title: c.title, text: c.contentText ?? '' });
    if (cmp.duplicate) return c.clusterId;
  }
  return undefined;
}
