/**
 * The console's reads and actions on the same stores and use cases as the operator API: source views
 * (source-view.ts), the manage use cases (src/sources), fetch history and errors (store/history.ts), queue
 * read-outs and the crawl switch (queue/inspect.ts), feed request counts (feed-stats.ts) and subscribers.
 */
import { SubscriberStore } from '../../partners/subscribers.js';
import { crawlingPaused, queueOverview, setCrawlingPaused, sourceSchedules } from '../../queue/inspect.js';
import { addSource, crawlSources, pauseSource, reextractSource, removeSource, resumeSource } from '../../sources/manage.js';
import { FetchHistoryStore } from '../../store/index.js';
import type { ServerDeps } from '../deps.js';
import { FeedRequestStats, feedActivity } from '../feed-stats.js';
import { FeedTally } from '../feed-tally.js';
import { sourceView, sourceViews, type SourceView } from '../source-view.js';
import type { AddForm } from './add-page.js';
import type { ArticleRow, FeedRow, FetchRow, OverviewData, QueueRow, SourceData, SourceRow } from './model.js';
import type { ConsoleOps } from './ops.js';

/** Recent errors on the overview; fetches and articles on a source page. */
const ERRORS_SHOWN = 20;
const FETCHES_SHOWN = 50;
const ARTICLES_SHOWN = 30;

function sourceRow(v: SourceView): SourceRow {
  return {
    id: v.id,
    url: v.url,
    type: v.type,
    status: v.status,
    paused: v.paused,
    origin: v.origin,
    lastFetchAt: v.lastFetchAt,
    lastSuccessAt: v.lastSuccessAt,
    lastError: v.lastError ? { code: v.lastError.code, message: v.lastError.message, ...(v.lastError.at ? { at: v.lastError.at } : {}) } : null,
    consecutiveFailures: v.consecutiveFailures,
    nextCheckAt: v.nextCheckAt,
    intervalSeconds: v.intervalSeconds,
    fullText: v.fullText,
    articlesPerDay: v.articlesPerDay,
    articleCount: v.articleCount,
  };
}

/** The add form as use-case input: empty fields are left out, so autodiscovery and the adaptive interval apply. */
export function addInput(form: AddForm): Record<string, unknown> {
  return {
    url: form.url,
    ...(form.id ? { id: form.id } : {}),
    ...(form.type ? { type: form.type } : {}),
    ...(form.interval ? { interval: form.interval } : {}),
    ...(form.fullText ? { fullText: true } : {}),
  };
}

/** The console's ops on an instance's server deps. */
export function consoleOps(deps: ServerDeps): ConsoleOps {
  const prefix = deps.config.redis.prefix;
  const history = deps.history ?? new FetchHistoryStore(deps.redis, prefix);
  const subscribers = deps.subscribers ?? new SubscriberStore(deps.redis, prefix);
  // An empty tally: this reads what every process flushed to Redis (the API's reader owns this process's counts).
  const feedStats = new FeedRequestStats(deps.redis, prefix, new FeedTally());

  async function feeds(): Promise<FeedRow[]> {
    return (await feedActivity(deps.config.feeds, feedStats, subscribers)).map(({ def, counts, subscribers: subs }) => ({
      id: def.id,
      title: def.title,
      access: def.access,
      requests: counts?.requests ?? null,
      notModified: counts?.notModified ?? null,
      subscribers: subs.total,
    }));
  }

  async function queues(): Promise<QueueRow[]> {
    return queueOverview(deps.queues, deps.now().getTime());
  }

  async function articles(id: string): Promise<ArticleRow[]> {
    const list = await deps.articles.getMany(await deps.articles.recentIds(0, ARTICLES_SHOWN, id));
    return list.map((a) => ({ id: a.id, title: a.title, url: a.url, publishedAt: a.publishedAt ?? null, fetchedAt: a.fetchedAt ?? null }));
  }

  return {
    async overview(): Promise<OverviewData> {
      const [views, q, errors, f, paused] = await Promise.all([sourceViews(deps), queues(), history.errors(0, ERRORS_SHOWN), feeds(), crawlingPaused(deps.queues)]);
      return { sources: views.map(sourceRow), queues: q, errors: errors.items, feeds: f, crawlingPaused: paused };
    },
    async source(id: string): Promise<SourceData | undefined> {
      const view = await sourceView(deps, id);
      if (!view) return undefined;
      const [fetches, recent, schedules] = await Promise.all([history.fetches(id, 0, FETCHES_SHOWN), articles(id), sourceSchedules(deps.queues)]);
      const schedule = schedules.find((s) => s.sourceId === id);
      const ft = view.fullTextStats;
      return {
        source: sourceRow(view),
        fetches: fetches.items.map((r): FetchRow => ({ ...r, path: r.path ?? null })),
        articles: recent,
        extraction: ft ? { lastMethod: ft.lastMethod, ok: ft.ok, failed: ft.failed, lastError: ft.lastError } : null,
        schedule: schedule ? { everyMs: schedule.everyMs, nextRunAt: schedule.nextRunAt } : null,
      };
    },
    add: async (form) => (await addSource(deps, addInput(form))).id,
    crawl: async (id) => void (await crawlSources(deps, [id])),
    crawlAll: async () => (await crawlSources(deps)).length,
    pause: async (id) => void (await pauseSource(deps, id)),
    resume: async (id) => void (await resumeSource(deps, id)),
    reextract: async (id) => (await reextractSource(deps, id)).articles,
    remove: async (id, deleteArticles) => void (await removeSource(deps, id, { articles: deleteArticles ? 'delete' : 'keep' })),
    setCrawlingPaused: (paused) => setCrawlingPaused(deps.queues, paused),
  };
}
