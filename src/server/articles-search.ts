/**
 * GET /api/articles: stored articles newest first (published time, else first fetched — the `a:time` and
 * `a:src:<id>` sorted sets), narrowed by source, cluster, a time range and words, paged by cursor. Source and
 * time range are read straight off the sorted sets; `cluster` and `q` need each article, so they are applied
 * while scanning, at most `SEARCH_SCAN_BUDGET` entries per request (a page may come back short, with a `next`
 * link to go on scanning from).
 */
import type { FastifyInstance } from 'fastify';
import type { Article } from '../model/article.js';
import { matchesNarrowing } from '../pipeline/filter.js';
import { storeKeys } from '../store/index.js';
import { requireToken } from './auth.js';
import type { ServerDeps } from './deps.js';
import { badRequest } from './errors.js';
import { DEFAULT_SCAN_BUDGET, pageSortedSet, parsePageQuery, setPageHeaders } from './pagination.js';

/** Timeline entries read at most per search request when `q` or `cluster` filter. */
export const SEARCH_SCAN_BUDGET = DEFAULT_SCAN_BUDGET;

const MAX_WORDS = 10;
const MAX_WORD_LENGTH = 100;
// ISO 8601 date or date-time (what Date.parse reads reliably); a bare date means midnight UTC.
const ISO = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** One row of GET /api/articles: what identifies and dates an article, without its body. */
export interface ArticleSummary {
  id: string;
  url: string;
  title: string;
  sourceId: string;
  siteName: string | null;
  publishedAt: string | null;
  fetchedAt: string;
  updatedAt: string | null;
  clusterId: string;
}

/** The filters of a search request. */
export interface ArticleSearch {
  source?: string;
  cluster?: string;
  /** Sort time at or after (ms). */
  sinceMs?: number;
  /** Sort time before (ms). */
  untilMs?: number;
  /** Every word must appear in title, summary or text (lower-cased). */
  words: string[];
}

/** The summary view of an article. */
export function articleSummary(a: Article): ArticleSummary {
  return {
    id: a.id,
    url: a.url,
    title: a.title,
    sourceId: a.sourceId,
    siteName: a.siteName ?? null,
    publishedAt: a.publishedAt ?? null,
    fetchedAt: a.fetchedAt,
    updatedAt: a.updatedAt ?? null,
    clusterId: a.clusterId,
  };
}

function one(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof s === 'string' && s !== '' ? s : undefined;
}

function instant(q: Record<string, unknown>, name: string): number | undefined {
  const raw = one(q, name);
  if (raw === undefined) return undefined;
  // A date-time without an offset is read as UTC (Date.parse would take local time).
  const iso = raw.replace(' ', 'T');
  const zoned = iso.length === 10 || /(?:[Zz]|[+-]\d{2}:?\d{2})$/.test(iso);
  const ms = ISO.test(raw) ? Date.parse(zoned ? iso : `${iso}Z`) : NaN;
  if (!Number.isFinite(ms)) throw badRequest(name, 'must be an ISO 8601 date or date-time, e.g. 2026-03-01 or 2026-03-01T12:00:00Z');
  return ms;
}

/** Parses the search filters of a request's query; throws a 400 naming the field when one is malformed. */
export function parseArticleSearch(query: unknown): ArticleSearch {
  const q = (query ?? {}) as Record<string, unknown>;
  const out: ArticleSearch = { words: [] };
  const source = one(q, 'source');
  if (source !== undefined) out.source = source;
  const cluster = one(q, 'cluster');
  if (cluster !== undefined) out.cluster = cluster;
  const since = instant(q, 'since');
  if (since !== undefined) out.sinceMs = since;
  const until = instant(q, 'until');
  if (until !== undefined) out.untilMs = until;
  if (since !== undefined && until !== undefined && until <= since) throw badRequest('until', 'must be after since');
  const words = [...new Set((one(q, 'q') ?? '').toLowerCase().split(/\s+/u).filter(Boolean))];
  if (words.length > MAX_WORDS) throw badRequest('q', `at most ${MAX_WORDS} words`);
  if (words.some((w) => w.length > MAX_WORD_LENGTH)) throw badRequest('q', `words of at most ${MAX_WORD_LENGTH} characters`);
  out.words = words;
  return out;
}

function matches(s: ArticleSearch, a: Article): boolean {
  if (s.cluster !== undefined && a.clusterId !== s.cluster) return false;
  if (s.source !== undefined && a.sourceId !== s.source) return false;
  return matchesNarrowing({ words: s.words }, a);
}

/** Registers GET /api/articles (operator token). */
export function registerArticleSearch(app: FastifyInstance, deps: Pick<ServerDeps, 'config' | 'redis' | 'articles'>): void {
  const keys = storeKeys(deps.config.redis.prefix);
  app.register(async (api) => {
    api.addHook('preHandler', requireToken(deps.config.server.adminToken));
    api.get('/api/articles', async (req, reply) => {
      const page = parsePageQuery(req.query);
      const search = parseArticleSearch(req.query);
      const key = search.source !== undefined ? keys.bySource(search.source) : keys.timeline;
      const filtering = search.cluster !== undefined || search.words.length > 0;
      const result = await pageSortedSet<ArticleSummary>(deps.redis, key, page, {
        ...(search.sinceMs !== undefined ? { min: search.sinceMs } : {}),
        // The sorted sets hold whole milliseconds: "before until" is "at most until − 1".
        ...(search.untilMs !== undefined ? { max: Math.ceil(search.untilMs) - 1 } : {}),
        scanBudget: SEARCH_SCAN_BUDGET,
        // Without body filters every listed id is an answer; with them only those that match. Ids whose article
        // is gone (retention between the two reads) are dropped either way.
        select: async (ids) => (await deps.articles.getEach(ids)).map((a) => (a && (!filtering || matches(search, a)) ? articleSummary(a) : undefined)),
      });
      if (!filtering) result.total = await deps.redis.zcount(key, search.sinceMs ?? '-inf', search.untilMs !== undefined ? Math.ceil(search.untilMs) - 1 : '+inf');
      setPageHeaders(req, reply, page, result);
      return result.items;
    });
  });
}
