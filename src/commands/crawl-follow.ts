/**
 * Following a crawl to completion from its job events (BullMQ QueueEvents): each source's fetch job, then every
 * article job that fetch enqueued, summed into a per-source summary, with each finished job reported as it ends.
 */
import { QueueEvents, type Job } from 'bullmq';
import type { ArticleJob, ArticleJobResult, FetchJob, FetchResult } from '../model/jobs.js';
import { createConnection } from '../queue/connection.js';
import { bullPrefix } from '../queue/queues.js';
import type { Context } from './context.js';
import type { SourceSummary } from './summary.js';

/** Sources waited on at once (the jobs themselves are all enqueued up front). */
const WAITERS = 200;

/** The fetch and article queues' event streams. */
export interface CrawlEvents {
  fetch: QueueEvents;
  article: QueueEvents;
}

/** What hears about finished jobs (the progress display). */
export interface CrawlListener {
  articles(outcomes: readonly string[]): void;
  source(summary: SourceSummary): void;
}

/** Opens the event streams on their own connections (closed by the context's shutdown) and waits until they listen. */
export async function openCrawlEvents(ctx: Context): Promise<CrawlEvents> {
  const prefix = bullPrefix(ctx.config.redis.prefix);
  const conns = [createConnection(ctx.rt.redisUrl, 'worker'), createConnection(ctx.rt.redisUrl, 'worker')] as const;
  const events: CrawlEvents = {
    fetch: new QueueEvents('fetch', { connection: conns[0], prefix }),
    article: new QueueEvents('article', { connection: conns[1], prefix }),
  };
  for (const e of [events.fetch, events.article]) e.on('error', (err) => ctx.log.warn({ err: err.message }, 'queue events error'));
  ctx.life.add('events', async () => {
    await Promise.all([events.fetch.close(), events.article.close()]);
    // QueueEvents leaves connections it was handed open.
    await Promise.allSettled(conns.map((c) => c.quit()));
  });
  await Promise.all([events.fetch.waitUntilReady(), events.article.waitUntilReady()]);
  return events;
}

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

/** Options of `followCrawl`. */
export interface FollowOptions {
  events: CrawlEvents;
  /** Reads an article job by id (the producer queue). */
  articleJob: (id: string) => Promise<Job<ArticleJob, ArticleJobResult> | undefined>;
  /** When to give up waiting (epoch ms): a job not finished by then rejects the crawl. */
  deadline: number;
  listener?: CrawlListener;
}

/** Waits for a fetch job; a job that failed for good (not a timeout) is a source error, not a crashed crawl. */
async function fetchOutcome(job: Job<FetchJob, FetchResult>, opts: FollowOptions): Promise<FetchResult> {
  try {
    return (await job.waitUntilFinished(opts.events.fetch, Math.max(1, opts.deadline - Date.now()))) as FetchResult;
  } catch (err) {
    if ((await job.getState().catch(() => 'unknown')) !== 'failed') throw err;
    return { sourceId: job.data.sourceId, status: 'error', items: 0, articleJobIds: [], errorCode: 'INTERNAL' };
  }
}

/** Follows one source: its fetch job, then its article jobs, reporting each as it finishes. */
async function followSource(job: Job<FetchJob, FetchResult>, opts: FollowOptions): Promise<SourceSummary> {
  const sum: SourceSummary = { sourceId: job.data.sourceId, status: 'ok', items: 0, new: 0, updated: 0, unchanged: 0, duplicate: 0, errors: 0 };
  const res = await fetchOutcome(job, opts);
  sum.status = res.status;
  sum.items = res.items;
  if (res.errorCode) {
    sum.errors += 1;
    sum.errorCode = res.errorCode;
  }
  const batches = await Promise.all(
    res.articleJobIds.map(async (id) => {
      const art = await opts.articleJob(id);
      if (!art) return { outcomes: [] as string[], size: 0 };
      let outcomes: string[];
      try {
        const out = (await art.waitUntilFinished(opts.events.article, Math.max(1, opts.deadline - Date.now()))) as ArticleJobResult;
        outcomes = out.items.map((i) => i.outcome as string);
      } catch {
        outcomes = art.data.itemKeys.map(() => 'error');
      }
      opts.listener?.articles(outcomes);
      return { outcomes, size: art.data.itemKeys.length };
    }),
  );
  const enqueued = batches.reduce((n, b) => n + b.size, 0);
  sum.unchanged += Math.max(0, res.items - enqueued);
  for (const o of batches.flatMap((b) => b.outcomes)) {
    if (o === 'new' || o === 'updated' || o === 'unchanged' || o === 'duplicate') sum[o] += 1;
    else sum.errors += 1;
  }
  opts.listener?.source(sum);
  return sum;
}

/** Follows every fetch job (at most WAITERS sources at once) and resolves with the per-source summaries, in order. */
export async function followCrawl(jobs: readonly Job<FetchJob, FetchResult>[], opts: FollowOptions): Promise<SourceSummary[]> {
  return mapLimit(jobs, WAITERS, (job) => followSource(job, opts));
}
