/** The fetch stage: conditional GET of a source, parse, and hand every new or changed item to the article stage. */
import { createHash } from 'node:crypto';
import type { ArticleDraft } from '../model/article.js';
import { FeedmillError, toErrorInfo } from '../model/errors.js';
import type { ArticleJob, FetchJob, FetchResult } from '../model/jobs.js';
import type { Source } from '../model/source.js';
import { itemFingerprint } from '../dedup/index.js';
import { withUsableGuids } from '../dedup/guids.js';
import { jobId, shortHash, unscheduleSource } from '../queue/queues.js';
import type { FetchRecord, PendingItem, SourceState } from '../store/index.js';
import type { PipelineDeps } from './deps.js';
import { politeFetch } from './polite.js';
import { readSource } from './read-source.js';
import { planNextCheck, type FetchHints } from './schedule.js';

/** A fetch without validators at least this often recovers from servers that answer 304 wrongly. */
const FULL_FETCH_EVERY_MS = 24 * 3600_000;

/** Accept header of feed fetches: feed types first, HTML last (some servers only send feeds when asked). */
const ACCEPT_FEED =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/** An item's key within its source: guid, else URL, else a hash of its title and text. */
export function itemKeyOf(d: ArticleDraft): string {
  return d.guid || d.url || `h:${shortHash(`${d.title}\n${d.contentText ?? d.summary ?? ''}`)}`;
}

/** Fetches one source and enqueues an article job for every new or changed item; source errors are recorded, not thrown. */
export async function ingestSource(job: FetchJob, deps: PipelineDeps): Promise<FetchResult> {
  const source = await deps.registry.get(job.sourceId);
  const result: FetchResult = { sourceId: job.sourceId, status: 'ok', items: 0, articleJobIds: [] };
  if (!source) {
    deps.log.warn({ sourceId: job.sourceId }, 'fetch job for an unknown source');
    // A removed source's scheduler may have fired once more: make sure it is gone.
    if (!job.runId && !job.force) await unscheduleSource(deps.queues, job.sourceId);
    return { ...result, status: 'error', errorCode: 'CONFIG' };
  }
  // Paused: scheduled fetches are skipped; an operator's crawl (forced, or a `crawl` run) still goes ahead.
  if (source.paused && !job.force && !job.runId) {
    await unscheduleSource(deps.queues, source.id);
    return { ...result, status: 'paused' };
  }
  const state = await deps.sources.get(source.id);
  // 410 Gone mutes a source until an operator asks for a crawl (a forced job).
  if (state.status === 'gone' && !job.force) return { ...result, status: 'error', errorCode: 'GONE' };
  const startedAt = deps.now();
  const full = job.force || !state.lastFullFetchAt || startedAt.getTime() - Date.parse(state.lastFullFetchAt) > FULL_FETCH_EVERY_MS;
  let hints: FetchHints = {};
  try {
    const res = await politeFetch(
      state.url ?? source.url,
      {
        ...(full ? {} : { etag: state.etag, lastModified: state.lastModified }),
        headers: source.headers,
        accept: source.type === 'feed' ? ACCEPT_FEED : 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
        ...(source.maxBytes ? { maxBytes: source.maxBytes } : {}),
      },
      source.type === 'feed' ? 'feed' : 'page',
      deps,
    );
    state.lastFetchAt = startedAt.toISOString();
    state.fetches += 1;
    const durationMs = deps.now().getTime() - startedAt.getTime();
    markSuccess(state, res.status, durationMs, res.bytes);
    const fetched = { ...result, httpStatus: res.status, durationMs, bytes: res.bytes };
    // A 301/308 chain moves the source for good; a 302/307 does not (the fetcher only reports permanent moves).
    if (res.permanentUrl) state.url = res.permanentUrl;
    if (res.etag) state.etag = res.etag;
    if (res.lastModified) state.lastModified = res.lastModified;
    if (full) state.lastFullFetchAt = startedAt.toISOString();
    hints = { ...(res.cacheControl ? { cacheControl: res.cacheControl } : {}), ...(res.expires ? { expires: res.expires } : {}) };
    if (res.status === 304) {
      state.notModified += 1;
      await finish(source, state, hints, deps);
      return recorded({ ...fetched, status: 'not-modified' }, startedAt, deps);
    }
    const bodyHash = createHash('sha256').update(res.body).digest('base64url');
    if (!job.force && bodyHash === state.bodyHash) {
      await finish(source, state, hints, deps);
      return recorded({ ...fetched, status: 'unchanged' }, startedAt, deps);
    }
    const read = await readSource(source, res, deps);
    const changed = await enqueueChanged(source, read.items, read.site, job.runId, deps);
    state.bodyHash = bodyHash;
    state.lastItemCount = read.items.length;
    const itemDates = read.items.map((i) => i.publishedAt).filter((d): d is string => d !== undefined);
    await finish(source, state, { ...hints, itemDates, ...(read.ttlMinutes !== undefined ? { ttlMinutes: read.ttlMinutes } : {}) }, deps);
    const counts = { newItems: changed.newItems, updatedItems: changed.updatedItems, path: read.path };
    return recorded({ ...fetched, ...counts, items: read.items.length, articleJobIds: changed.ids }, startedAt, deps);
  } catch (err) {
    if (!(err instanceof FeedmillError)) throw err;
    state.lastFetchAt = startedAt.toISOString();
    state.fetches += 1;
    state.status = err.code === 'GONE' ? 'gone' : 'error';
    state.lastError = toErrorInfo(err, deps.now());
    state.consecutiveFailures += 1;
    if (err.status !== undefined) state.lastStatus = err.status;
    state.lastDurationMs = deps.now().getTime() - startedAt.getTime();
    await finish(source, state, err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}, deps);
    deps.log.warn({ code: err.code, err: err.message }, 'source fetch failed');
    const failed: FetchResult = { ...result, status: 'error', errorCode: err.code, durationMs: state.lastDurationMs, bytes: 0 };
    if (err.status !== undefined) failed.httpStatus = err.status;
    return recorded(failed, startedAt, deps, err.message);
  }
}

/** Records the fetch in the source's history (and a failure in the recent errors), then returns its result. */
async function recorded(result: FetchResult, startedAt: Date, deps: PipelineDeps, errorMessage?: string): Promise<FetchResult> {
  const entry: FetchRecord = {
    at: startedAt.toISOString(),
    status: result.httpStatus ?? null,
    code: result.errorCode ?? null,
    durationMs: result.durationMs ?? 0,
    bytes: result.bytes ?? 0,
    items: result.items,
    new: result.newItems ?? 0,
    updated: result.updatedItems ?? 0,
    ...(result.path ? { path: result.path } : {}),
  };
  await deps.history?.record(result.sourceId, entry, errorMessage !== undefined ? { message: errorMessage } : undefined);
  return result;
}

/** Plans the next check and saves the state. */
async function finish(source: Source, state: SourceState, hints: FetchHints, deps: PipelineDeps): Promise<void> {
  await planNextCheck(source, state, hints, deps);
  await deps.sources.put(source.id, state);
}

function markSuccess(state: SourceState, status: number, durationMs: number, bytes: number): void {
  state.status = 'ok';
  state.lastStatus = status;
  state.lastSuccessAt = state.lastFetchAt;
  state.lastError = null;
  state.consecutiveFailures = 0;
  state.lastDurationMs = durationMs;
  state.lastBytes = bytes;
}

/** Items per article job: full-text sources fetch a page per item, so one each; feed items are cheap, so batches amortize job overhead. */
export function batchSize(source: Source): number {
  return source.fullText || source.type !== 'feed' ? 1 : 25;
}

/** Stores each new or changed item and adds article jobs for them in batches (job ids make a repeated add a no-op). */
async function enqueueChanged(
  source: Source,
  items: readonly ArticleDraft[],
  site: { siteName?: string; siteUrl?: string },
  runId: string | undefined,
  deps: PipelineDeps,
): Promise<{ ids: string[]; newItems: number; updatedItems: number }> {
  // Repeated or mostly missing GUIDs would merge different stories: such items are keyed by their links (dedup/guids.ts).
  const keyed = withUsableGuids(items).map((draft) => ({ draft, itemKey: itemKeyOf(draft), fingerprint: itemFingerprint(draft) }));
  const seen = await deps.sources.seen(source.id, keyed.map((k) => k.itemKey));
  // Items retention deleted stay deleted while the feed still lists them (one HMGET: item key and URL of each).
  const dead = await deps.articles.tombstoned(source.id, keyed.flatMap((k) => [k.itemKey, k.draft.url ?? k.itemKey]));
  const entries: { key: string; item: PendingItem }[] = [];
  const unique = new Set<string>();
  let newItems = 0;
  keyed.forEach((k, i) => {
    // Skipped items are not enqueued, so `crawl --once` counts them as unchanged.
    if (seen[i] === k.fingerprint || dead[2 * i] || dead[2 * i + 1]) return;
    const key = jobId('it', source.id, shortHash(`${k.itemKey}\n${k.fingerprint}`));
    if (unique.has(key)) return;
    unique.add(key);
    if (seen[i] === undefined) newItems += 1;
    entries.push({ key, item: { sourceId: source.id, itemKey: k.itemKey, fingerprint: k.fingerprint, draft: k.draft, ...site } });
  });
  await deps.pending.putMany(entries);
  const size = batchSize(source);
  const jobs: { name: string; data: ArticleJob; opts: { jobId: string } }[] = [];
  for (let i = 0; i < entries.length; i += size) {
    const keys = entries.slice(i, i + size).map((e) => e.key);
    const data: ArticleJob = { sourceId: source.id, itemKeys: keys, ...(runId ? { runId } : {}) };
    jobs.push({ name: 'article', data, opts: { jobId: jobId('art', source.id, shortHash(keys.join('\n'))) } });
  }
  await deps.queues.article.addBulk(jobs);
  return { ids: jobs.map((j) => j.opts.jobId), newItems, updatedItems: entries.length - newItems };
}
