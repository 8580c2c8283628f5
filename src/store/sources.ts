/** Per-source fetch state in Redis: validators, health and the last error operators see. */
import type { ChainableCommander, Redis } from 'ioredis';
import type { ErrorInfo } from '../model/errors.js';
import { storeKeys, type StoreKeys } from './keys.js';

/** Health of a source as operators see it. */
export type SourceStatus = 'new' | 'ok' | 'error' | 'gone';

/** What feedmill remembers about one source between fetches. */
export interface SourceState {
  /** Current URL when a 301 moved the source; else the configured one is used. */
  url?: string;
  etag?: string;
  lastModified?: string;
  /** Hash of the last body parsed, to skip identical bodies. */
  bodyHash?: string;
  status: SourceStatus;
  lastFetchAt?: string;
  lastSuccessAt?: string;
  lastStatus?: number;
  lastError: ErrorInfo | null;
  consecutiveFailures: number;
  lastDurationMs?: number;
  lastBytes?: number;
  lastItemCount?: number;
  fetches: number;
  notModified: number;
  /** When the last fetch without validators happened (one a day recovers from servers that answer 304 wrongly). */
  lastFullFetchAt?: string;
  /** Publish times of the newest items seen (ISO), for the adaptive interval; at most 50. */
  recentItemDates?: string[];
  /** Next poll, the interval in force and the rules that set it. */
  nextCheckAt?: string;
  intervalMs?: number;
  intervalReason?: string;
}

/** A fresh state for a source never fetched. */
export function initialState(): SourceState {
  return { status: 'new', lastError: null, consecutiveFailures: 0, fetches: 0, notModified: 0 };
}

/** How full-text extraction has gone for a source: pages used, pages that failed (and why), the last method. */
export interface FullTextStats {
  ok: number;
  failed: number;
  lastError: ErrorInfo | null;
  lastMethod: string | null;
}

/** Reads and writes source state and the per-source "seen items" map. */
export class SourceStateStore {
  private readonly k: StoreKeys;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.k = storeKeys(prefix);
  }

  /** The state of a source (initial when never fetched). */
  async get(sourceId: string): Promise<SourceState> {
    const raw = await this.redis.get(this.k.sourceState(sourceId));
    return raw ? { ...initialState(), ...(JSON.parse(raw) as Partial<SourceState>) } : initialState();
  }

  /** States of several sources, in order. */
  async getMany(ids: readonly string[]): Promise<SourceState[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.k.sourceState(id)));
    return raws.map((r) => (r ? { ...initialState(), ...(JSON.parse(r) as Partial<SourceState>) } : initialState()));
  }

  /** Replaces the state of a source. */
  async put(sourceId: string, state: SourceState): Promise<void> {
    await this.redis.set(this.k.sourceState(sourceId), JSON.stringify(state));
  }

  /** Counts one full-text attempt: the extraction method used, or why the feed's own content was kept. */
  async recordFullText(sourceId: string, outcome: { method?: string; error?: ErrorInfo }): Promise<void> {
    const key = this.k.fullText(sourceId);
    const multi = this.redis.multi();
    if (outcome.error) multi.hincrby(key, 'failed', 1).hset(key, 'lastError', JSON.stringify(outcome.error));
    else multi.hincrby(key, 'ok', 1);
    if (outcome.method) multi.hset(key, 'lastMethod', outcome.method);
    await multi.exec();
  }

  /** Full-text outcomes of a source (zeros when it never fetched a page). */
  async fullTextStats(sourceId: string): Promise<FullTextStats> {
    const [ok, failed, lastError, lastMethod] = await this.redis.hmget(this.k.fullText(sourceId), 'ok', 'failed', 'lastError', 'lastMethod');
    return { ok: Number(ok ?? 0), failed: Number(failed ?? 0), lastError: lastError ? (JSON.parse(lastError) as ErrorInfo) : null, lastMethod: lastMethod ?? null };
  }

  /** Fingerprints last processed for these item keys (undefined when never seen). */
  async seen(sourceId: string, itemKeys: readonly string[]): Promise<(string | undefined)[]> {
    if (itemKeys.length === 0) return [];
    const vals = await this.redis.hmget(this.k.itemSeen(sourceId), ...itemKeys);
    return vals.map((v) => v ?? undefined);
  }

  /** Records that an item's version was processed. */
  async markSeen(sourceId: string, itemKey: string, fingerprint: string): Promise<void> {
    await this.redis.hset(this.k.itemSeen(sourceId), itemKey, fingerprint);
  }

  /** Appends "these item versions were processed" for one source to a transaction or pipeline. */
  addMarkSeen(tx: ChainableCommander, sourceId: string, seen: ReadonlyMap<string, string>): void {
    if (seen.size > 0) tx.hset(this.k.itemSeen(sourceId), seen);
  }
}
