/** The operator's view of a source: config plus fetch health (the /api/sources contract). */
import type { ErrorInfo } from '../model/errors.js';
import type { RegisteredSource, SourceOrigin } from '../sources/registry.js';
import type { FullTextStats } from '../store/index.js';
import type { ServerDeps } from './deps.js';

/** One row of GET /api/sources. */
export interface SourceView {
  id: string;
  url: string;
  type: string;
  /** config: from sources.yaml (pause, resume and crawl only); runtime: added by an operator. */
  origin: SourceOrigin;
  /** No scheduled fetches while paused. */
  paused: boolean;
  status: string;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  lastError: ErrorInfo | null;
  consecutiveFailures: number;
  nextCheckAt: string | null;
  intervalSeconds: number;
  /** The operator's interval (or the default one while adaptive), in milliseconds. */
  intervalMs: number;
  /** The rules that set the interval in force (adaptive rate, ttl, Cache-Control, Retry-After, backoff…). */
  intervalReason: string | null;
  adaptive: boolean;
  notModifiedRate: number | null;
  lastItemCount: number | null;
  /** Each item's page is fetched and extracted (always for html and sitemap sources). */
  fullText: boolean;
  /** Full-text sources: pages used and failed, the last failure, the extraction path last taken. */
  fullTextStats: FullTextStats | null;
  lastStatus: number | null;
  lastDurationMs: number | null;
  lastBytes: number | null;
  fetches: number;
  notModified: number;
  articles: number;
  /** Articles stored (the same figure as `articles`, under the API plan's name). */
  articleCount: number;
  /** New articles per UTC day over the last 14 days, oldest first (today last). */
  articlesPerDay: number[];
}

/** Days of `articlesPerDay`. */
export const ARTICLES_PER_DAY_DAYS = 14;

/** What building views reads. */
export type SourceViewDeps = Pick<ServerDeps, 'registry' | 'sources' | 'articles' | 'queues'> & Partial<Pick<ServerDeps, 'config' | 'history' | 'now'>>;

/** The view of one source, or undefined when there is none. */
export async function sourceView(deps: SourceViewDeps, id: string): Promise<SourceView | undefined> {
  const s = await deps.registry.get(id);
  return s ? (await sourceViews(deps, [s]))[0] : undefined;
}

/** Builds the views of the given sources (default: every registered source). */
export async function sourceViews(deps: SourceViewDeps, only?: readonly RegisteredSource[]): Promise<SourceView[]> {
  const sources = only ?? (await deps.registry.list());
  const states = await deps.sources.getMany(sources.map((s) => s.id));
  const schedulers = await deps.queues.fetch.getJobSchedulers(0, -1).catch(() => []);
  const nextBy = new Map(schedulers.map((s) => [s.key, s.next]));
  // Every source's daily counts in one round trip (one HMGET per day).
  const perDay = (await deps.history?.articlesPerDay(sources.map((s) => s.id), ARTICLES_PER_DAY_DAYS, deps.now?.() ?? new Date())) ?? new Map<string, number[]>();
  return Promise.all(
    sources.map(async (s, i) => {
      const st = states[i]!;
      const next = nextBy.get(`source-${s.id}`);
      return {
        id: s.id,
        url: st.url ?? s.url,
        type: s.type,
        origin: s.origin,
        paused: s.paused,
        status: st.status,
        lastFetchAt: st.lastFetchAt ?? null,
        lastSuccessAt: st.lastSuccessAt ?? null,
        lastError: st.lastError,
        consecutiveFailures: st.consecutiveFailures,
        nextCheckAt: s.paused ? null : (st.nextCheckAt ?? (typeof next === 'number' ? new Date(next).toISOString() : null)),
        intervalSeconds: Math.round((st.intervalMs ?? s.intervalMs) / 1000),
        intervalMs: s.intervalMs,
        intervalReason: st.intervalReason ?? (s.adaptive ? 'default interval (no fetch yet)' : 'operator interval'),
        adaptive: s.adaptive,
        notModifiedRate: st.fetches > 0 ? Math.round((st.notModified / st.fetches) * 1000) / 1000 : null,
        lastItemCount: st.lastItemCount ?? null,
        fullText: s.fullText,
        fullTextStats: s.fullText ? await deps.sources.fullTextStats(s.id) : null,
        lastStatus: st.lastStatus ?? null,
        lastDurationMs: st.lastDurationMs ?? null,
        lastBytes: st.lastBytes ?? null,
        fetches: st.fetches,
        notModified: st.notModified,
        ...(await articleCounts(deps, s.id, perDay)),
      };
    }),
  );
}

/** A source's stored-article count (under both names) and its articles per day. */
async function articleCounts(deps: Pick<ServerDeps, 'articles'>, id: string, perDay: Map<string, number[]>) {
  const count = await deps.articles.count(id);
  return { articles: count, articleCount: count, articlesPerDay: perDay.get(id) ?? new Array<number>(ARTICLES_PER_DAY_DAYS).fill(0) };
}
