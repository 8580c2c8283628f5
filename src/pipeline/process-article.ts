/**
 * The article stage: full text if asked, identity, near-duplicate cluster, store, and publish requests for affected
 * feeds. A job's items are read, identified and written as one batch (store/batch.ts); items are still decided in
 * order, each seeing what the earlier ones stored. After the commit, heads of new clusters are re-checked against
 * articles other jobs committed meanwhile (recluster.ts), so racing jobs cluster as if they had run one by one.
 */
import type { Article, ArticleDraft } from '../model/article.js';
import type { ArticleJob, ArticleJobResult, ArticleOutcome } from '../model/jobs.js';
import type { Source } from '../model/source.js';
import { SHINGLE_SIZE, articleIdFor, comparePrepared, prepareBody, windowFingerprints, type ComparableBody, type LshBatch } from '../dedup/index.js';
import { contentHashOf } from '../dedup/identity.js';
import { simhashOf, tokenize, tokenizeWithStarts, type TokenizedText } from '../dedup/simhash.js';
import { htmlToText } from '../normalize/index.js';
import type { PendingItem, PendingRead, Revision } from '../store/index.js';
import { ArticleBatch } from '../store/batch.js';
import type { PipelineDeps } from './deps.js';
import { matchesFilter } from './filter.js';
import { requestRenders } from './publish-pace.js';
import { withFullText } from './full-text.js';
import { reconcileHeads, type FreshHead, type Rejoined } from './recluster.js';

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
  /** Window fingerprints, when computed up front (items no identity index knows: their LSH slots are read with the batch). */
  windows?: string[];
  /** The text's tokens (the near-duplicate comparison reuses them). */
  tokens: TokenizedText;
}

/** Processes a batch of pending items of one source, in order. */
export async function processArticles(job: ArticleJob, deps: PipelineDeps): Promise<ArticleJobResult> {
  const results = await processBatch(job.sourceId, job.itemKeys, deps);
  const feeds = new Set(results.flatMap((r) => r.feeds));
  // One publish request per affected feed per batch, debounced and paced (publish-pace.ts).
  await requestRenders([...feeds], deps);
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
 * The near-duplicate index is read up front for the items no identity index knows and written once per batch
 * (dedup/lsh-batch.ts), and still answers each item as if the earlier ones had been written.
 */
async function processBatch(sourceId: string, pendingKeys: readonly string[], deps: PipelineDeps): Promise<ItemResult[]> {
  const source = await deps.registry.get(sourceId);
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
  const lookups = ready.map((p, i) => {
    if (batch.findId(i) !== undefined) return [];
    p.windows = windowFingerprints(p.text, {}, p.tokens);
    return [p.fingerprint, ...p.windows];
  });
  const near = await deps.nearDup.batch(lookups);
  const results: ItemResult[] = [];
  const heads: FreshHead[] = [];
  let at = 0;
  try {
    for (const p of prepared) {
      results.push(p ? await decide(sourceId, p, at++, { batch, near, heads }, source, deps) : { outcome: 'unchanged', feeds: [] });
    }
  } catch (err) {
    // As when items were written one by one: those decided before the failure stay stored (and indexed), the job retries the rest.
    await batch
      .commit(near)
      .then(() => reconcileHeads(heads, near.window(), deps))
      .catch(() => undefined);
    throw err;
  }
  // The index writes and their commit numbers go in the articles' MULTI: an article is never stored unindexed.
  await batch.commit(near);
  rejoin(results, await reconcileHeads(heads, near.window(), deps), deps);
  return results;
}

/** Results of heads moved into an earlier cluster after the commit: reported as duplicates, with the matched article's feeds. */
function rejoin(results: ItemResult[], moves: ReadonlyMap<string, Rejoined>, deps: PipelineDeps): void {
  if (moves.size === 0) return;
  for (const r of results) {
    const m = r.id === undefined ? undefined : moves.get(r.id);
    if (!m) continue;
    r.outcome = 'duplicate';
    const extra = deps.config.feeds.filter((d) => matchesFilter(d.filter, m.target)).map((d) => d.id);
    r.feeds = [...new Set([...r.feeds, ...extra])];
  }
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
  // With token offsets when the fast scan applies: the window fingerprints reuse this tokenization.
  const bodyTokens = tokenizeWithStarts(text) ?? tokenize(text);
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
    tokens: bodyTokens,
  };
}

async function decide(
  sourceId: string,
  p: Prepared,
  i: number,
  { batch, near, heads }: { batch: ArticleBatch; near: LshBatch; heads: FreshHead[] },
  source: Source | undefined,
  deps: PipelineDeps,
): Promise<ItemResult> {
  const { draft, text, fingerprint } = p;
  // Window fingerprints over the body's paragraphs find trimmed and re-led copies the whole-body SimHash misses;
  // computed only for an item that is new or changed (an unchanged one needs none).
  let windowsOf: string[] | undefined = p.windows;
  const windows = () => (windowsOf ??= windowFingerprints(text, {}, p.tokens));
  const existingId = batch.findId(i);
  const prev = existingId ? await batch.get(existingId) : undefined;
  const id = prev?.id ?? articleIdFor(draft.url, sourceId, draft.guid ?? p.item.itemKey);
  const now = deps.now().toISOString();
  const categories = [...new Set([...draft.categories, ...(source?.categories ?? [])])];
  const joined = prev ? undefined : await findCluster(id, { title: draft.title, text }, p.tokens, [fingerprint, ...windows()], { batch, near });
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
    clusterId: prev?.clusterId ?? joined?.clusterId ?? id,
  };
  const outcome = decideOutcome(prev, article);
  if (outcome === 'updated' && !draft.updatedAt) article.updatedAt = now;
  if (outcome !== 'unchanged') {
    batch.save(article, p.body, prev && outcome === 'updated' ? revisionOf(prev, article, now) : undefined);
    if (outcome === 'new') batch.countNew(article);
    // Always replace: a small edit can move a window while the body SimHash stays the same.
    if (prev) near.remove(prev.id, prev.fingerprint, windowFingerprints(prev.contentText ?? ''));
    near.add(article.id, article.fingerprint, windows());
    // A new head no stored article matched: another job may be committing its copy right now (recluster.ts).
    if (outcome === 'new' && !joined) heads.push({ article, tokens: p.tokens, fps: [fingerprint, ...windows()] });
  }
  batch.finish(sourceId, p.item.itemKey, p.item.fingerprint, p.pendingKey);
  // A new member changes the "also ran at" links of the story's item, wherever it is: feeds of the matched article too.
  const touched = joined ? [article, joined] : [article];
  const feeds = outcome === 'unchanged' ? [] : deps.config.feeds.filter((d) => touched.some((a) => matchesFilter(d.filter, a))).map((d) => d.id);
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

/** The version `prev` when `next` changes its title or text (what the revision history keeps), else undefined. */
function revisionOf(prev: Article, next: Article, now: string): Revision | undefined {
  if (prev.title === next.title && prev.contentHash === next.contentHash) return undefined;
  // `at`: when that version was replaced, as seen here (a publisher's own dates are not always trustworthy).
  return { title: prev.title, contentHash: prev.contentHash, at: now };
}

/** The first stored article whose body is a near-duplicate (candidates from the SimHash index, decided on bodies): its cluster is joined. */
async function findCluster(
  id: string,
  body: ComparableBody,
  tokens: TokenizedText,
  fps: string[],
  { batch, near }: { batch: ArticleBatch; near: LshBatch },
): Promise<Article | undefined> {
  const ids = (await near.candidates(fps, MAX_CANDIDATES)).filter((c) => c !== id);
  if (ids.length === 0) return undefined;
  const [candidates, order] = await Promise.all([batch.getMany(ids), near.commitOrder(ids)]);
  // Commit order first (as the post-commit check picks), so that racing jobs agree on which copy came first; then first seen.
  const seq = new Map(ids.map((c, i) => [c, order[i] ?? 0]));
  candidates.sort((a, b) => (seq.get(a.id) ?? 0) - (seq.get(b.id) ?? 0) || a.fetchedAt.localeCompare(b.fetchedAt));
  // The new body is shingled once (from the tokens its hashes were made of), not once per candidate.
  const mine = prepareBody(body, SHINGLE_SIZE, tokens);
  for (const c of candidates) {
    const cmp = comparePrepared(mine, prepareBody({ title: c.title, text: c.contentText ?? '' }));
    if (cmp.duplicate) return c;
  }
  return undefined;
}
