/** The operator's view of a source: config plus fetch health (the /api/sources contract). */
import type { ErrorInfo } from '../model/errors.js';
import type { FullTextStats } from '../store/index.js';
import type { ServerDeps } from './deps.js';

/** One row of GET /api/sources. */
export interface SourceView {
  id: string;
  url: string;
  type: string;
  status: string;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  lastError: ErrorInfo | null;
  consecutiveFailures: number;
  nextCheckAt: string | null;
  intervalSeconds: number;
  /** The rules that set the interval in force (adaptive rate, ttl, Cache-Control, Retry-After, backoff…). */
  intervalReason: string | null;
  adaptive: boolean;
  notModifiedRate: number | null;
  lastItemCount: number | null;
  /** Full-text sources: pages used and failed, the last failure, the extraction path last taken. */
  fullText: FullTextStats | null;
  lastStatus: number | null;
  lastDurationMs: number | null;
  lastBytes: number | null;
  fetches: number;
  notModified: number;
  articles: number;
}

/** Builds the views of every configured source. */
export async function sourceViews(deps: Pick<ServerDeps, 'config' | 'sources' | 'articles' | 'queues'>): Promise<SourceView[]> {
  const sources = deps.config.sources;
  const states = await deps.sources.getMany(sources.map((s) => s.id));
  const schedulers = await deps.queues.fetch.getJobSchedulers(0, -1).catch(() => []);
  const nextBy = new Map(schedulers.map((s) => [s.key, s.next]));
  return Promise.all(
    sources.map(async (s, i) => {
      const st = states[i]!;
      const next = nextBy.get(`source-${s.id}`);
      return {
        id: s.id,
        url: st.url ?? s.url,
        type: s.type,
        status: st.status,
        lastFetchAt: st.lastFetchAt ?? null,
        lastSuccessAt: st.lastSuccessAt ?? null,
        lastError: st.lastError,
        consecutiveFailures: st.consecutiveFailures,
        nextCheckAt: st.nextCheckAt ?? (typeof next === 'number' ? new Date(next).toISOString() : null),
        intervalSeconds: Math.round((st.intervalMs ?? s.intervalMs) / 1000),
        intervalReason: st.intervalReason ?? (s.adaptive ? 'default interval (no fetch yet)' : 'operator interval'),
        adaptive: s.adaptive,
        notModifiedRate: st.fetches > 0 ? Math.round((st.notModified / st.fetches) * 1000) / 1000 : null,
        lastItemCount: st.lastItemCount ?? null,
        fullText: s.fullText ? await deps.sources.fullTextStats(s.id) : null,
        lastStatus: st.lastStatus ?? null,
        lastDurationMs: st.lastDurationMs ?? null,
        lastBytes: st.lastBytes ?? null,
        fetches: st.fetches,
        notModified: st.notModified,
        articles: await deps.articles.count(s.id),
      };
    }),
  );
}
