/**
 * Pagination of /api lists: `?limit=` (default 100, at most 1000) and an opaque `?cursor=` (base64url JSON).
 * A list answers a plain JSON array; `Link: <…>; rel="next"` is set while more remain and `X-Total-Count`
 * when the total is cheap to know. Two pagers: an in-memory array (offset cursor) and a Redis sorted set
 * read newest first (keyset cursor on score + member, so inserts never shift a walk).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { badRequest } from './errors.js';

/** Page size when `?limit=` is absent. */
export const DEFAULT_PAGE_LIMIT = 100;
/** Largest `?limit=` accepted. */
export const MAX_PAGE_LIMIT = 1000;

/** A parsed `?limit=&cursor=`. */
export interface PageQuery {
  limit: number;
  /** The raw opaque cursor, when given. */
  cursor?: string;
}

/** One page of results and the cursor of the next, if any. */
export interface Page<T> {
  items: T[];
  /** Cursor of the next page; absent on the last one. */
  nextCursor?: string;
  /** Total across all pages, when known cheaply. */
  total?: number;
}

function lastString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return lastString(v[v.length - 1]);
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Parses `limit` and `cursor` from a request's query; throws a 400 naming the field when malformed. */
export function parsePageQuery(query: unknown): PageQuery {
  const q = (query ?? {}) as Record<string, unknown>;
  const rawLimit = lastString(q.limit);
  let limit = DEFAULT_PAGE_LIMIT;
  if (rawLimit !== undefined) {
    if (!/^\d+$/.test(rawLimit)) throw badRequest('limit', 'must be a whole number');
    limit = Number(rawLimit);
    if (limit < 1 || limit > MAX_PAGE_LIMIT) throw badRequest('limit', `must be between 1 and ${MAX_PAGE_LIMIT}`);
  }
  const cursor = lastString(q.cursor);
  if (cursor !== undefined && !/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw badRequest('cursor', 'is not a cursor this API issued');
  return cursor ? { limit, cursor } : { limit };
}

/** Encodes a cursor position as opaque base64url JSON. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Decodes a cursor; `check` narrows the JSON, and anything else is a 400 on `cursor`. */
export function decodeCursor<T>(cursor: string, check: (v: unknown) => v is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('cursor', 'is not a cursor this API issued');
  }
  if (!check(value)) throw badRequest('cursor', 'is not a cursor this API issued');
  return value;
}

function isOffset(v: unknown): v is { o: number } {
  return typeof v === 'object' && v !== null && Number.isInteger((v as { o?: unknown }).o) && (v as { o: number }).o >= 0;
}

/** One page of an in-memory array (already in answer order); the cursor is an offset. */
export function pageArray<T>(items: readonly T[], page: PageQuery): Page<T> {
  const start = page.cursor ? decodeCursor(page.cursor, isOffset).o : 0;
  const end = start + page.limit;
  const out: Page<T> = { items: items.slice(start, end), total: items.length };
  if (end < items.length) out.nextCursor = encodeCursor({ o: end });
  return out;
}

/** The URL of the next page: the request's own path and query with `cursor` (and `limit`) replaced. */
export function nextPageUrl(req: FastifyRequest, page: PageQuery, nextCursor: string): string {
  const url = new URL(req.url, 'http://x');
  // The operator token never rides along in a link (send it as a header when following).
  url.searchParams.delete('token');
  url.searchParams.set('cursor', nextCursor);
  url.searchParams.set('limit', String(page.limit));
  return `${url.pathname}${url.search}`;
}

/** Sets `Link: <…>; rel="next"` (while more remain) and `X-Total-Count` (when known) for a page. */
export function setPageHeaders(req: FastifyRequest, reply: FastifyReply, query: PageQuery, page: Page<unknown>): void {
  if (page.nextCursor !== undefined) reply.header('link', `<${nextPageUrl(req, query, page.nextCursor)}>; rel="next"`);
  if (page.total !== undefined) reply.header('x-total-count', String(page.total));
}

/** Parses the page query, pages `items` and sets the headers: returns the page's items (the JSON array to answer). */
export function sendArrayPage<T>(req: FastifyRequest, reply: FastifyReply, items: readonly T[]): T[] {
  const query = parsePageQuery(req.query);
  const page = pageArray(items, query);
  setPageHeaders(req, reply, query, page);
  return page.items;
}

/** Keyset position in a sorted set read newest first: the last (score, member) returned. */
interface ZPosition {
  s: number;
  m: string;
}

function isZPosition(v: unknown): v is ZPosition {
  const p = v as Partial<ZPosition> | null;
  return typeof p === 'object' && p !== null && typeof p.s === 'number' && Number.isFinite(p.s) && typeof p.m === 'string';
}

/** Options of `pageSortedSet`. */
export interface SortedSetPageOptions<T> {
  /** Lowest score included (default -inf). */
  min?: number;
  /** Highest score included (default +inf). */
  max?: number;
  /**
   * Maps a batch of members (newest first) to results: `undefined` drops one (a filter). Default: the member
   * itself. With a select, no total is given (it would need a full scan).
   */
  select?: (members: string[]) => Promise<(T | undefined)[]>;
  /** Entries read at most per page when `select` filters (default 2000); a page can then come back short with a cursor. */
  scanBudget?: number;
  /** Entries read per Redis round trip (default: the page limit, at least 50, at most 500). */
  batchSize?: number;
}

/** Default `scanBudget` of `pageSortedSet`. */
export const DEFAULT_SCAN_BUDGET = 2000;

async function readBatch(redis: Redis, key: string, max: string, min: string, offset: number, count: number): Promise<{ m: string; s: number }[]> {
  const flat = await redis.zrevrangebyscore(key, max, min, 'WITHSCORES', 'LIMIT', offset, count);
  const out: { m: string; s: number }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ m: flat[i]!, s: Number(flat[i + 1]) });
  return out;
}

/**
 * One page of a Redis sorted set, highest score first (ZREVRANGEBYSCORE), resuming after the cursor's
 * (score, member). Members of equal score come in reverse lexical order, as Redis returns them.
 */
export async function pageSortedSet<T = string>(redis: Redis, key: string, page: PageQuery, opts: SortedSetPageOptions<T> = {}): Promise<Page<T>> {
  const after = page.cursor ? decodeCursor(page.cursor, isZPosition) : undefined;
  const min = opts.min === undefined ? '-inf' : String(opts.min);
  const top = after ? Math.min(after.s, opts.max ?? Infinity) : opts.max;
  const max = top === undefined || top === Infinity ? '+inf' : String(top);
  const budget = opts.select ? (opts.scanBudget ?? DEFAULT_SCAN_BUDGET) : Infinity;
  const batch = opts.batchSize ?? Math.min(500, Math.max(50, page.limit + 1));
  const select = opts.select ?? (async (ms: string[]) => ms as unknown as T[]);
  const items: T[] = [];
  let scanned = 0;
  let offset = 0;
  let last: ZPosition | undefined;
  let more = true;
  while (items.length < page.limit && scanned < budget && more) {
    const rows = await readBatch(redis, key, max, min, offset, Math.min(batch, budget - scanned));
    offset += rows.length;
    more = rows.length > 0;
    // Entries at the cursor's score that sort at or before its member were on earlier pages.
    const fresh = after ? rows.filter((r) => r.s < after.s || r.m < after.m) : rows;
    const picked = await select(fresh.map((r) => r.m));
    for (let i = 0; i < fresh.length && items.length < page.limit; i++) {
      scanned++;
      last = { s: fresh[i]!.s, m: fresh[i]!.m };
      const v = picked[i];
      if (v !== undefined) items.push(v);
    }
    scanned += rows.length - fresh.length;
  }
  const out: Page<T> = { items };
  if (last && (await hasMoreAfter(redis, key, min, last))) out.nextCursor = encodeCursor(last);
  if (!opts.select) out.total = await redis.zcount(key, min, opts.max === undefined ? '+inf' : String(opts.max));
  return out;
}

// One cheap look past the page: is there any entry after `last` within the range?
async function hasMoreAfter(redis: Redis, key: string, min: string, last: ZPosition): Promise<boolean> {
  if ((await redis.zcount(key, min, `(${last.s}`)) > 0) return true;
  const ties = await redis.zrevrangebyscore(key, last.s, last.s);
  return ties.some((m) => m < last.m);
}
