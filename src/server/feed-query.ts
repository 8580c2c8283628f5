/**
 * Query parameters of a feed URL: `limit`, `category`, `q`, `since` narrow the feed (RSSHub-style);
 * `before` / `after` pick a page (RFC 5005). Unknown parameters are ignored, so cache-busters neither
 * fail nor fill the render cache. `token` is read by the access check and never echoed in links.
 */
import type { FeedNarrowing } from '../pipeline/filter.js';
import { decodeCursor, type Cursor } from '../pipeline/select.js';

const MAX_TERMS = 10;
const MAX_TERM_LENGTH = 100;

/** A parsed feed request. */
export interface FeedQuery {
  /** Page size: `?limit=` capped at the feed's own limit. */
  limit: number;
  narrowing: FeedNarrowing;
  /** Canonical narrowing parameters (stable order), carried by every link and part of the cache key. */
  pairs: [string, string][];
  before?: Cursor;
  after?: Cursor | 'start';
  /** The raw cursor parameter, for this document's self link. */
  position?: { before: string } | { after: string };
  /** True when nothing narrows or pages: the pre-rendered document answers. */
  plain: boolean;
}

function values(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function one(q: Record<string, unknown>, name: string): string | undefined {
  const all = values(q[name]);
  return all.length > 0 ? all[all.length - 1] : undefined;
}

/** Parses the query of a feed request; returns an error message for a 400 instead of throwing. */
export function parseFeedQuery(query: unknown, feedLimit: number): FeedQuery | { error: string } {
  const q = (query ?? {}) as Record<string, unknown>;
  const pairs: [string, string][] = [];
  const narrowing: FeedNarrowing = {};

  const categories = [...new Set(values(q.category).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean))].sort();
  if (categories.length > MAX_TERMS || categories.some((c) => c.length > MAX_TERM_LENGTH)) return { error: 'too many or too long categories' };
  if (categories.length > 0) {
    narrowing.categories = categories;
    pairs.push(['category', categories.join(',')]);
  }

  let limit = feedLimit;
  const rawLimit = one(q, 'limit');
  if (rawLimit !== undefined) {
    if (!/^\d{1,6}$/.test(rawLimit) || Number(rawLimit) < 1) return { error: 'limit must be a positive integer' };
    limit = Math.min(feedLimit, Number(rawLimit));
    // ?limit= at or above the feed's own limit is the plain feed.
    if (limit < feedLimit) pairs.push(['limit', String(limit)]);
  }

  const words = (one(q, 'q') ?? '').toLowerCase().split(/\s+/u).filter(Boolean);
  if (words.length > MAX_TERMS || words.some((w) => w.length > MAX_TERM_LENGTH)) return { error: 'q has too many or too long words' };
  if (words.length > 0) {
    narrowing.words = [...new Set(words)];
    pairs.push(['q', narrowing.words.join(' ')]);
  }

  const since = one(q, 'since');
  if (since !== undefined) {
    const ms = Date.parse(since);
    if (!/^\d{4}-\d\d-\d\d/.test(since) || !Number.isFinite(ms)) return { error: 'since must be an ISO 8601 date, e.g. 2026-01-31T00:00:00Z' };
    narrowing.sinceMs = ms;
    pairs.push(['since', new Date(ms).toISOString()]);
  }

  const out: FeedQuery = { limit, narrowing, pairs, plain: pairs.length === 0 };
  const before = one(q, 'before');
  const after = one(q, 'after');
  if (before !== undefined && after !== undefined) return { error: 'before and after cannot be combined' };
  if (before !== undefined) {
    const c = decodeCursor(before);
    if (!c) return { error: 'before is not a page cursor of this feed' };
    out.before = c;
    out.position = { before };
    out.plain = false;
  } else if (after !== undefined) {
    const c = after === 'start' ? 'start' : decodeCursor(after);
    if (!c) return { error: 'after is not a page cursor of this feed' };
    out.after = c;
    out.position = { after };
    out.plain = false;
  }
  return out;
}

/** The cache key part of a query: narrowing and page position, nothing else. */
export function queryKey(fq: FeedQuery): string {
  const pos = fq.position ? ('before' in fq.position ? `b=${fq.position.before}` : `a=${fq.position.after}`) : '';
  return `${fq.pairs.map(([k, v]) => `${k}=${v}`).join('&')}|${pos}`;
}
