/** `feedmill crawl --once`: every (or the named) source through the whole pipeline, wait for the queues, print a summary. */
import { randomBytes } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { FeedmillError } from '../model/errors.js';
import type { ArticleJobResult, FetchResult } from '../model/jobs.js';
import { publishFeed } from '../pipeline/index.js';
import { createConnection } from '../queue/connection.js';
import { bullPrefix, jobId } from '../queue/queues.js';
import { startRoles } from '../../workers/roles.js';
import { openContext, type GlobalOptions } from './context.js';
import { formatSummary, type SourceSummary } from './summary.js';

/** Sources waited on at once (the jobs themselves are all enqueued up front). */
const WAITERS = 200;

/** Maps with at most `limit` calls in flight, keeping order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** Options of `crawl`. */
export interface CrawlOptions extends GlobalOptions {
  once?: boolean;
  json?: boolean;
  timeout?: number;
  /** Install SIGTERM/SIGINT handlers (the CLI does; tests don't). */
  signals?: boolean;
}

/** Crawls the sources once and resolves with the per-source summary (the command prints it). */
export async function crawlOnce(ids: string[], opts: CrawlOptions): Promise<SourceSummary[]> {
  const ctx = await openContext(opts);
  const { config, rt } = ctx;
  const unknown = ids.filter((id) => !config.sources.some((s) => s.id === id));
  if (unknown.length > 0) {
    await ctx.life.shutdown('unknown sources');
    throw new FeedmillError('config', 'CONFIG', `unknown source(s): ${unknown.join(', ')}`);
  }
  const sources = ids.length > 0 ? config.sources.filter((s) => ids.includes(s.id)) : config.sources;
  const prefix = bullPrefix(config.redis.prefix);
  const conns = [createConnection(rt.redisUrl, 'worker'), createConnection(rt.redisUrl, 'worker')] as const;
  const fetchEvents = new QueueEvents('fetch', { connection: conns[0], prefix });
  const articleEvents = new QueueEvents('article', { connection: conns[1], prefix });
  for (const e of [fetchEvents, articleEvents]) e.on('error', (err) => ctx.log.warn({ err: err.message }, 'queue events error'));
  ctx.life.add('events', async () => {
    await Promise.all([fetchEvents.close(), articleEvents.close()]);
    // QueueEvents leaves connections it was handed open.
    await Promise.allSettled(conns.map((c) => c.quit()));
  });
  const running = startRoles(rt, ['fetch', 'article', 'publish']);
  ctx.life.add('workers', () => running.close());
  if (opts.signals) ctx.life.handleSignals();
  await Promise.all([fetchEvents.waitUntilReady(), articleEvents.waitUntilReady()]);

  const runId = randomBytes(6).toString('hex');
  const timeoutMs = opts.timeout ?? 10 * 60_000;
  // Every source is due at once (one round trip); the waiting below is bounded so 10k sources don't mean 10k calls in flight.
  const fetchJobs = await rt.deps.queues.fetch.addBulk(
    sources.map((s) => ({ name: 'fetch', data: { sourceId: s.id, runId }, opts: { jobId: jobId('fetch', runId, s.id), attempts: 2 } })),
  );
  const summaries = await mapLimit(
    sources,
    WAITERS,
    async (s, index): Promise<SourceSummary> => {
      const sum: SourceSummary = { sourceId: s.id, status: 'ok', items: 0, new: 0, updated: 0, unchanged: 0, duplicate: 0, errors: 0 };
      const fetchJob = fetchJobs[index]!;
      const res = (await fetchJob.waitUntilFinished(fetchEvents, timeoutMs)) as FetchResult;
      sum.status = res.status;
      sum.items = res.items;
      if (res.errorCode) {
        sum.errors += 1;
        sum.errorCode = res.errorCode;
      }
      const batches = await Promise.all(
        res.articleJobIds.map(async (id) => {
          const job = await rt.deps.queues.article.getJob(id);
          if (!job) return { outcomes: [] as string[], size: 0 };
          try {
            const out = (await job.waitUntilFinished(articleEvents, timeoutMs)) as ArticleJobResult;
            return { outcomes: out.items.map((i) => i.outcome as string), size: job.data.itemKeys.length };
          } catch {
            return { outcomes: job.data.itemKeys.map(() => 'error'), size: job.data.itemKeys.length };
          }
        }),
      );
      const enqueued = batches.reduce((n, b) => n + b.size, 0);
      sum.unchanged += Math.max(0, res.items - enqueued);
      for (const o of batches.flatMap((b) => b.outcomes)) {
        if (o === 'new' || o === 'updated' || o === 'unchanged' || o === 'duplicate') sum[o] += 1;
        else sum.errors += 1;
      }
      return sum;
    },
  );
  // Render now so the feeds are current when the command returns (debounced publish jobs would follow anyway).
  await Promise.all(config.feeds.map((def) => publishFeed(def, rt.deps)));
  await ctx.life.shutdown('crawl done');
  return summaries;
}

/** The `crawl` command: prints the summary as a table (or JSON). */
export async function crawlCommand(ids: string[], opts: CrawlOptions): Promise<void> {
  if (!opts.once) throw new FeedmillError('config', 'CONFIG', 'only `crawl --once` is available: use `feedmill start` for continuous crawling');
  const summaries = await crawlOnce(ids, { ...opts, signals: true });
  process.stdout.write(opts.json ? `${JSON.stringify(summaries, null, 2)}\n` : formatSummary(summaries));
}
