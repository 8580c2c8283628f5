/**
 * Source management use cases shared by the CLI, the operator API and the console: add (with feed autodiscovery),
 * update, remove, pause/resume, crawl now, re-extract. They act on Redis only, so a running instance picks every change
 * up at its next job. Sources from sources.yaml may be paused, resumed and crawled, not changed or removed
 * (CONFIG_OWNED: edit the file instead).
 */
import type { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import { createLshIndex } from '../dedup/index.js';
import { createFetcher, type Fetcher } from '../fetch/index.js';
import { enqueueFetch, enqueuePublish, enqueueReextract, scheduleSource, unscheduleSource, type Queues } from '../queue/queues.js';
import { fetcherOptions } from '../runtime/fetcher-options.js';
import { deleteSourceState, purgeSourceArticles } from '../store/purge.js';
import { storeKeys, type ArticleStore, type SourceStateStore } from '../store/index.js';
import { discoverFeeds, type FeedCandidate } from './discover.js';
import { SourceOpError, unknownSource } from './errors.js';
import { applyPatch, deriveId, parseAddInput, sourceFromEntry } from './input.js';
import type { RegisteredSource, SourceRegistry } from './registry.js';
import { applySchedule } from './schedule.js';

/** What the use cases need: the registry, queues, stores and (for discovery) a fetcher. */
export interface ManageDeps {
  config: Config;
  redis: Redis;
  registry: SourceRegistry;
  queues: Queues;
  sources: SourceStateStore;
  articles: ArticleStore;
  /** Used for autodiscovery; absent: a fetcher is made from the config for the call. */
  fetcher?: Fetcher;
  now: () => Date;
}

/** A crawl asked for: the source and its fetch job. */
export interface CrawlJobRef {
  sourceId: string;
  jobId: string;
}

/** What removing a source did. */
export interface RemoveResult {
  id: string;
  articlesDeleted: number;
}

/** The source, or NOT_FOUND. */
export async function getSource(deps: Pick<ManageDeps, 'registry'>, id: string): Promise<RegisteredSource> {
  const s = await deps.registry.get(id);
  if (!s) throw unknownSource(id);
  return s;
}

function ownedByRuntime(s: RegisteredSource, what: string): void {
  if (s.origin === 'config') throw new SourceOpError('CONFIG_OWNED', `source "${s.id}" comes from sources.yaml: ${what} it there`);
}

/** Runs `fn` with deps.fetcher, or with a fetcher made from the config and closed afterwards. */
async function withFetcher<T>(deps: Pick<ManageDeps, 'config' | 'fetcher'>, fn: (f: Fetcher) => Promise<T>): Promise<T> {
  if (deps.fetcher) return fn(deps.fetcher);
  const f = createFetcher(fetcherOptions(deps.config.fetch));
  try {
    return await fn(f);
  } finally {
    await f.close();
  }
}

/** Feed candidates for a site URL (nothing is added); DISCOVERY_FAILED when none. */
export async function discoverSource(deps: Pick<ManageDeps, 'config' | 'fetcher'>, url: string): Promise<FeedCandidate[]> {
  return withFetcher(deps, (f) => discoverFeeds(url, f));
}

async function uniqueId(deps: Pick<ManageDeps, 'registry'>, base: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const id = n === 1 ? base : `${base.slice(0, 58)}-${n}`;
    if (!(await deps.registry.get(id))) return id;
  }
  throw new SourceOpError('CONFLICT', `no free id for "${base}": give one`);
}

async function assertUrlFree(deps: Pick<ManageDeps, 'registry'>, url: string, except?: string): Promise<void> {
  const taken = (await deps.registry.list()).find((s) => s.url === url && s.id !== except);
  if (taken) throw new SourceOpError('CONFLICT', `url: already crawled as source "${taken.id}"`);
}

/**
 * Adds a runtime source (validated with the sources.yaml rules; id derived from the URL's host when omitted), schedules
 * it and queues its first crawl. Without a `type`, the URL is looked at first: a feed is used as is, an HTML page is
 * replaced by the first feed it announces (or a common feed path). `discover: false` skips that look (OPML import).
 */
export async function addSource(deps: ManageDeps, input: unknown, opts: { discover?: boolean } = {}): Promise<RegisteredSource> {
  const entry = parseAddInput(input);
  const typeGiven = typeof input === 'object' && input !== null && 'type' in input && (input as { type?: unknown }).type !== undefined;
  if (!typeGiven && opts.discover !== false) {
    const [best] = await discoverSource(deps, entry.url);
    if (best) entry.url = best.url;
  }
  const id = entry.id ?? (await uniqueId(deps, deriveId(entry.url)));
  const source = sourceFromEntry({ ...entry, id }, deps.config.schedule.defaultIntervalMs);
  await assertUrlFree(deps, source.url);
  const now = deps.now();
  const registered: RegisteredSource = { ...source, origin: 'runtime', paused: false, addedAt: now.toISOString() };
  if (!(await deps.registry.insert(registered))) throw new SourceOpError('CONFLICT', `id: source "${id}" exists`);
  // Leftovers of an earlier source of this id (removed while a fetch was in flight) must not carry over.
  await deleteSourceState(deps.redis, deps.config.redis.prefix, id);
  await scheduleSource(deps.queues, id, source.intervalMs, new Date(now.getTime() + source.intervalMs));
  await enqueueFetch(deps.queues, id);
  return registered;
}

/** Changes a runtime source (the patch is validated as a whole entry) and moves its scheduler; a new URL resets its validators. */
export async function updateSource(deps: ManageDeps, id: string, patch: unknown): Promise<RegisteredSource> {
  const prev = await getSource(deps, id);
  ownedByRuntime(prev, 'change');
  const next = applyPatch(prev, patch, deps.config.schedule.defaultIntervalMs);
  if (next.url !== prev.url) await assertUrlFree(deps, next.url, id);
  const updated: RegisteredSource = { ...next, origin: prev.origin, paused: prev.paused, addedAt: prev.addedAt };
  await deps.registry.put(updated);
  const state = await deps.sources.get(id);
  if (next.url !== prev.url) {
    // Validators and the moved-to URL belong to the old address.
    for (const k of ['url', 'etag', 'lastModified', 'bodyHash', 'lastFullFetchAt'] as const) delete state[k];
    await deps.sources.put(id, state);
  }
  await applySchedule(deps.queues, updated, state, deps.now().getTime());
  return updated;
}

/** Removes a runtime source: its scheduler and state, and its articles too with `articles: 'delete'` (no tombstones). */
export async function removeSource(deps: ManageDeps, id: string, opts: { articles?: 'keep' | 'delete' } = {}): Promise<RemoveResult> {
  const s = await getSource(deps, id);
  ownedByRuntime(s, 'remove');
  await deps.registry.remove(id);
  await unscheduleSource(deps.queues, id);
  const prefix = deps.config.redis.prefix;
  await deleteSourceState(deps.redis, prefix, id);
  let articlesDeleted = 0;
  if (opts.articles === 'delete') {
    articlesDeleted = await purgeSourceArticles(deps.redis, prefix, id, createLshIndex(deps.redis, storeKeys(prefix).lsh), deps.now().getTime());
    // Rendered feeds still list them until their next render: ask for one (debounced).
    if (articlesDeleted > 0) await Promise.all(deps.config.feeds.map((f) => enqueuePublish(deps.queues, f.id, deps.config.publish.debounceMs)));
  }
  return { id, articlesDeleted };
}

/** Pauses a source: no scheduled fetches until resumed (crawl-now still works). */
export async function pauseSource(deps: ManageDeps, id: string): Promise<RegisteredSource> {
  const s = await getSource(deps, id);
  const paused: RegisteredSource = { ...s, paused: true };
  await deps.registry.put(paused);
  await unscheduleSource(deps.queues, id);
  return paused;
}

/** Resumes a paused source: its scheduler is set again (due at once when its next check has passed). */
export async function resumeSource(deps: ManageDeps, id: string): Promise<RegisteredSource> {
  const s = await getSource(deps, id);
  const resumed: RegisteredSource = { ...s, paused: false };
  await deps.registry.put(resumed);
  await applySchedule(deps.queues, resumed, await deps.sources.get(id), deps.now().getTime());
  return resumed;
}

/** Crawls now (validators ignored) the named sources, or every source that is not paused; NOT_FOUND names unknown ids. */
export async function crawlSources(deps: ManageDeps, ids?: readonly string[]): Promise<CrawlJobRef[]> {
  let targets: RegisteredSource[];
  if (ids && ids.length > 0) {
    const found = await deps.registry.getMany(ids);
    const unknown = ids.filter((_, i) => !found[i]);
    if (unknown.length > 0) throw new SourceOpError('NOT_FOUND', `no source ${unknown.map((u) => `"${u}"`).join(', ')}`);
    targets = found as RegisteredSource[];
  } else {
    targets = (await deps.registry.list()).filter((s) => !s.paused);
  }
  const jobs: CrawlJobRef[] = [];
  for (const s of targets) jobs.push({ sourceId: s.id, jobId: await enqueueFetch(deps.queues, s.id, { force: true }) });
  return jobs;
}

/** Queues the re-extraction of a source's stored articles (see pipeline/reextract.ts); returns the job and the article count. */
export async function reextractSource(deps: ManageDeps, id: string): Promise<CrawlJobRef & { articles: number }> {
  await getSource(deps, id);
  const articles = await deps.articles.count(id);
  const jobId = await enqueueReextract(deps.queues, id, deps.now().getTime());
  return { sourceId: id, jobId, articles };
}
