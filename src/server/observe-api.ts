/**
 * Observability routes of the operator API (bearer token): a source's fetch history, recent errors, queue
 * counts, the global crawl pause, per-source schedules and the outbound feeds with their request counts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SubscriberStore } from '../partners/subscribers.js';
import { crawlingPaused, queueOverview, setCrawlingPaused, sourceSchedules } from '../queue/inspect.js';
import { FetchHistoryStore } from '../store/index.js';
import { FEED_FORMATS, feedUrl } from '../syndicate/index.js';
import { requireToken } from './auth.js';
import type { ServerDeps } from './deps.js';
import { notFound } from './errors.js';
import { FeedRequestStats, feedActivity } from './feed-stats.js';
import { FeedTally } from './feed-tally.js';
import { decodeCursor, encodeCursor, parsePageQuery, sendArrayPage, setPageHeaders } from './pagination.js';

/** How often this process adds its feed request counts to Redis. */
const FEED_STATS_FLUSH_MS = 5000;

function isOffset(v: unknown): v is { o: number } {
  return typeof v === 'object' && v !== null && Number.isInteger((v as { o?: unknown }).o) && (v as { o: number }).o >= 0;
}

/** Answers one page of a capped Redis list read by offset (lists are short: at most a few hundred entries). */
async function sendListPage<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  read: (offset: number, limit: number) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const query = parsePageQuery(req.query);
  const offset = query.cursor ? decodeCursor(query.cursor, isOffset).o : 0;
  const { items, total } = await read(offset, query.limit);
  const end = offset + items.length;
  setPageHeaders(req, reply, query, { items, total, ...(end < total && items.length > 0 ? { nextCursor: encodeCursor({ o: end }) } : {}) });
  return items;
}

/** Registers the observability routes; starts the periodic flush of feed request counts (stopped on close). */
export function registerObserveRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const prefix = deps.config.redis.prefix;
  const history = deps.history ?? new FetchHistoryStore(deps.redis, prefix);
  const subscribers = deps.subscribers ?? new SubscriberStore(deps.redis, prefix);
  const feedStats = new FeedRequestStats(deps.redis, prefix, deps.feedTally ?? new FeedTally());
  feedStats.start(FEED_STATS_FLUSH_MS);
  app.addHook('onClose', async () => {
    await feedStats.stop().catch((err: unknown) => deps.log.warn({ err }, 'could not write feed request counts'));
  });

  app.register(async (api) => {
    api.addHook('preHandler', requireToken(deps.config.server.adminToken));

    api.get<{ Params: { id: string } }>('/api/sources/:id/fetches', async (req, reply) => {
      if (!(await deps.registry.get(req.params.id))) throw notFound(`no source "${req.params.id}"`);
      return sendListPage(req, reply, (offset, limit) => history.fetches(req.params.id, offset, limit));
    });

    api.get('/api/errors', async (req, reply) => sendListPage(req, reply, (offset, limit) => history.errors(offset, limit)));

    api.get('/api/queues', async () => queueOverview(deps.queues, deps.now().getTime()));

    api.get('/api/crawling', async () => ({ paused: await crawlingPaused(deps.queues) }));
    api.post('/api/crawling/pause', async () => {
      await setCrawlingPaused(deps.queues, true);
      deps.log.info('crawling paused by an operator');
      return { paused: true };
    });
    api.post('/api/crawling/resume', async () => {
      await setCrawlingPaused(deps.queues, false);
      deps.log.info('crawling resumed by an operator');
      return { paused: false };
    });

    api.get('/api/schedules', async (req, reply) => sendArrayPage(req, reply, await sourceSchedules(deps.queues)));

    api.get('/api/feeds', async () =>
      (await feedActivity(deps.config.feeds, feedStats, subscribers)).map(({ def, counts, subscribers: subs }) => ({
        id: def.id,
        title: def.title,
        access: def.access,
        formats: [...FEED_FORMATS],
        urls: Object.fromEntries(FEED_FORMATS.map((fmt) => [fmt, feedUrl(deps.config.server.baseUrl, def.id, fmt)])),
        requests: counts?.requests ?? 0,
        notModified: counts?.notModified ?? 0,
        subscribers: subs,
      })),
    );
  });
}
