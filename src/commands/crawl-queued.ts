/**
 * `feedmill crawl IDS…|--all [--wait]`: crawl-now jobs (forced: no conditional-GET validators) enqueued into the
 * running instance's fetch queue, with no workers here; `--wait` follows them to completion from their job
 * events, with live progress and the per-source summary.
 */
import { randomBytes } from 'node:crypto';
import { FeedmillError } from '../model/errors.js';
import { crawlingPaused } from '../queue/inspect.js';
import { jobId } from '../queue/queues.js';
import { openContext, type GlobalOptions } from './context.js';
import { followCrawl, openCrawlEvents } from './crawl-follow.js';
import { CrawlProgress, type ProgressStream } from './progress.js';
import { formatSummary } from './summary.js';

/** Options of the enqueueing `crawl`. */
export interface CrawlQueuedOptions extends GlobalOptions {
  all?: boolean;
  wait?: boolean;
  json?: boolean;
  /** Milliseconds `--wait` waits at most (default 10 minutes). */
  timeout?: number;
  signals?: boolean;
  /** Progress and notes go there (stdout, or stderr with --json). */
  progress?: ProgressStream;
}

/** Enqueues forced crawls of the named (or, with --all, every active) source; with --wait follows them and prints the summary. */
export async function crawlQueued(ids: string[], opts: CrawlQueuedOptions): Promise<void> {
  if (ids.length === 0 && !opts.all) {
    throw new FeedmillError('config', 'CONFIG', 'name the sources to crawl, or pass --all (`crawl --once` crawls here, without a running instance)');
  }
  const ctx = await openContext(opts);
  const { rt } = ctx;
  const note = (line: string) => opts.progress?.write(`${line}\n`);
  try {
    const registered = await rt.deps.registry.list();
    const unknown = ids.filter((id) => !registered.some((s) => s.id === id));
    if (unknown.length > 0) throw new FeedmillError('config', 'CONFIG', `unknown source(s): ${unknown.join(', ')}`);
    const sources = ids.length > 0 ? registered.filter((s) => ids.includes(s.id)) : registered.filter((s) => !s.paused);
    if (await crawlingPaused(rt.deps.queues)) note('crawl: crawling is paused: the jobs wait until `feedmill resume`');
    // CLIENT LIST may be disabled on a managed Redis: then no warning, the jobs simply wait for a worker.
    const workers = await rt.deps.queues.fetch.getWorkersCount().catch(() => undefined);
    if (workers === 0) note('crawl: no fetch worker is connected: the jobs wait until `feedmill start` or `feedmill worker` runs');
    // Listening before adding: no completion can be missed.
    const events = opts.wait ? await openCrawlEvents(ctx) : undefined;
    if (opts.signals) ctx.life.handleSignals();
    const runId = randomBytes(6).toString('hex');
    const jobs = await rt.deps.queues.fetch.addBulk(
      sources.map((s) => ({
        name: 'fetch',
        data: { sourceId: s.id, runId, force: true },
        // Source errors are recorded on the source, not thrown: two attempts cover a worker dying mid-fetch.
        opts: { jobId: jobId('fetch', runId, s.id), attempts: 2 },
      })),
    );
    if (!events) {
      const queued = jobs.map((j) => ({ sourceId: j.data.sourceId, jobId: j.id ?? '' }));
      if (opts.json) process.stdout.write(`${JSON.stringify(queued, null, 2)}\n`);
      else process.stdout.write(`${queued.map((q) => `queued ${q.sourceId} (job ${q.jobId})`).join('\n')}\ncrawl: ${queued.length} crawl(s) enqueued\n`);
      return;
    }
    const progress = opts.progress ? new CrawlProgress(opts.progress, jobs.length) : undefined;
    const summaries = await followCrawl(jobs, {
      events,
      articleJob: (id) => rt.deps.queues.article.getJob(id),
      deadline: Date.now() + (opts.timeout ?? 10 * 60_000),
      ...(progress ? { listener: progress } : {}),
    }).finally(() => progress?.finish());
    process.stdout.write(opts.json ? `${JSON.stringify(summaries, null, 2)}\n` : formatSummary(summaries));
  } finally {
    await ctx.life.shutdown('crawl enqueued');
  }
}
