/**
 * What operators look at when a source misbehaves: each source's recent fetches (capped list), recent errors
 * across sources (capped list), and new articles per source per UTC day (one hash per day, expiring). One
 * pipeline per fetch; the per-day counter rides in the article batch's own transaction.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import { storeKeys, type StoreKeys } from './keys.js';

/** Fetches kept per source. */
export const FETCHES_KEPT = 100;
/** Errors kept across sources. */
export const ERRORS_KEPT = 200;
/** Days a per-day article counter lives. */
export const DAYS_KEPT = 30;

/** One fetch of a source, as GET /api/sources/{id}/fetches shows it. */
export interface FetchRecord {
  /** When the fetch started (ISO). */
  at: string;
  /** HTTP status of the response, or null when none came (timeout, DNS, blocked…). */
  status: number | null;
  /** Stable error code, or null for a success. */
  code: string | null;
  durationMs: number;
  bytes: number;
  /** Items the document listed (0 when not parsed: 304, unchanged body, error). */
  items: number;
  /** Items never seen before, handed to the article stage. */
  new: number;
  /** Items seen before whose fields changed, handed to the article stage again. */
  updated: number;
  /** How the document was read: `feed:<format>`, the page extraction method, `listing` or `sitemap`. */
  path?: string;
}

/** One entry of the recent-errors list. */
export interface ErrorRecord {
  at: string;
  sourceId: string;
  code: string;
  message: string;
}

/** A page of a capped list plus its full length. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** The UTC day (YYYY-MM-DD) of an ISO time or a Date. */
export function utcDay(at: string | Date): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
}

function parseAll<T>(raw: string[]): T[] {
  return raw.map((r) => JSON.parse(r) as T);
}

/** Reads and writes fetch history, recent errors and articles-per-day counters. */
export class FetchHistoryStore {
  private readonly k: StoreKeys;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.k = storeKeys(prefix);
  }

  /** Records one fetch (and its error, when it failed) in one round trip. */
  async record(sourceId: string, fetch: FetchRecord, error?: { message: string }): Promise<void> {
    const p = this.redis.pipeline();
    p.lpush(this.k.fetchLog(sourceId), JSON.stringify(fetch)).ltrim(this.k.fetchLog(sourceId), 0, FETCHES_KEPT - 1);
    if (fetch.code !== null && error) {
      const entry: ErrorRecord = { at: fetch.at, sourceId, code: fetch.code, message: error.message };
      p.lpush(this.k.errorLog, JSON.stringify(entry)).ltrim(this.k.errorLog, 0, ERRORS_KEPT - 1);
    }
    await p.exec();
  }

  /** A source's fetches, newest first, from `offset`. */
  async fetches(sourceId: string, offset: number, limit: number): Promise<Page<FetchRecord>> {
    return this.page<FetchRecord>(this.k.fetchLog(sourceId), offset, limit);
  }

  /** Recent errors across sources, newest first, from `offset`. */
  async errors(offset: number, limit: number): Promise<Page<ErrorRecord>> {
    return this.page<ErrorRecord>(this.k.errorLog, offset, limit);
  }

  private async page<T>(key: string, offset: number, limit: number): Promise<Page<T>> {
    const res = await this.redis.multi().lrange(key, offset, offset + limit - 1).llen(key).exec();
    const raw = (res?.[0]?.[1] as string[] | undefined) ?? [];
    return { items: parseAll<T>(raw), total: Number(res?.[1]?.[1] ?? 0) };
  }

  /** Adds to a transaction: `count` new articles of `sourceId` stored on `day` (the counter expires after DAYS_KEPT). */
  addArticlesPerDay(tx: ChainableCommander, sourceId: string, day: string, count: number): void {
    const key = this.k.articlesPerDay(day);
    tx.hincrby(key, sourceId, count).expire(key, DAYS_KEPT * 86_400);
  }

  /** New articles per UTC day for each source over the `days` days ending today, oldest first (one round trip). */
  async articlesPerDay(sourceIds: readonly string[], days: number, now: Date): Promise<Map<string, number[]>> {
    const out = new Map(sourceIds.map((id) => [id, new Array<number>(days).fill(0)]));
    if (sourceIds.length === 0) return out;
    const p = this.redis.pipeline();
    for (let d = days - 1; d >= 0; d--) p.hmget(this.k.articlesPerDay(utcDay(new Date(now.getTime() - d * 86_400_000))), ...sourceIds);
    const res = (await p.exec()) ?? [];
    res.forEach(([err, values], day) => {
      if (err) throw err;
      (values as (string | null)[]).forEach((v, i) => {
        const row = out.get(sourceIds[i]!);
        if (row && v !== null) row[day] = Number(v);
      });
    });
    return out;
  }
}
