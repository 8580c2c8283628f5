/**
 * `feedmill crawl`: `--once` crawls every (or the named) source through the whole pipeline in this process, waits
 * for the queues and prints a summary; without it, crawls are enqueued into a running instance (crawl-queued.ts).
 */
import { randomBytes } from 'node:crypto';
import { FeedmillError } from '../model/errors.js';
import { publishFeed } from '../pipeline/index.js';
import { crawlingPaused } from '../queue/inspect.js';
import { jobId } from '../queue/queues.js';
import { openContext, type GlobalOptions } from './context.js';
import { startPipeline } from './pipeline-host.js';
import { syncSources } from './sync-sources.js';
import { followCrawl, openCrawlEvents } from './crawl-follow.js';
import { crawlQueued } from './crawl-queued.js';
import { CrawlProgress, type ProgressStream } from './progress.js';
import { formatSummary, type SourceSummary } from './summary.js';

/** Options of `crawl`. */
export interface CrawlOptions extends GlobalOptions {
  once?: boolean;
  json?: boolean;
  /** Milliseconds to wait for the crawl (default 10 minutes). */
  timeout?: number;
  /** Without --once: every active source. */
  all?: boolean;
  /** Without --once: follow the enqueued crawls to completion. */
  wait?: boolean;
  /** Install SIGTERM/SIGINT handlers (the CLI does; tests don't). */
  signals?: boolean;
  /** Show live progress there (a bar on a TTY, a line per finished source otherwise). */
  progress?: ProgressStream;
}

/** Crawls the sources once and resolves with the per-source summary (the command prints it). */
export async function crawlOnce(ids: string[], opts: CrawlOptions): Promise<SourceSummary[]> {
  const ctx = await openContext(opts);
  const { config, rt } = ctx;
  // sources.yaml into the registry first; runtime sources (CLI, API) are crawled too, paused ones only when named.
  const { registered } = await syncSources(ctx);
  const unknown = ids.filter((id) => !registered.some((s) => s.id === id));
  if (unknown.length > 0) {
    await ctx.life.shutdown('unknown sources');
    throw new FeedmillError('config', 'CONFIG', `unknown source(s): ${unknown.join(', ')}`);
  }
  // The summary follows sources.yaml's order (then runtime sources by id), as operators wrote it.
  const rank = new Map(config.sources.map((s, i) => [s.id, i]));
  const ordered = [...registered].sort((a, b) => (rank.get(a.id) ?? rank.size) - (rank.get(b.id) ?? rank.size));
  const sources = ids.length > 0 ? ordered.filter((s) => ids.includes(s.id)) : ordered.filter((s) => !s.paused);
  // Local workers cannot take jobs from a paused fetch queue: say so instead of waiting out the timeout.
  if (await crawlingPaused(rt.deps.queues)) {
    await ctx.life.shutdown('crawling paused');
    throw new FeedmillError('fetch', 'INTERNAL', 'crawling is paused: `feedmill resume` lets crawls run again');
  }
  const events = await openCrawlEvents(ctx);
  await startPipeline(ctx, ['fetch', 'article', 'publish'], { ...opts, alsoHere: true });
  if (opts.signals) ctx.life.handleSignals();

  const runId = randomBytes(6).toString('hex');
  const deadline = Date.now() + (opts.timeout ?? 10 * 60_000);
  // Every source is due at once (one round trip); the waiting is bounded so 10k sources don't mean 10k calls in flight.
  const fetchJobs = await rt.deps.queues.fetch.addBulk(
    sources.map((s) => ({ name: 'fetch', data: { sourceId: s.id, runId }, opts: { jobId: jobId('fetch', runId, s.id), attempts: 2 } })),
  );
  const progress = opts.progress ? new CrawlProgress(opts.progress, sources.length) : undefined;
  const summaries = await followCrawl(fetchJobs, {
    events,
    articleJob: (id) => rt.deps.queues.article.getJob(id),
    deadline,
    ...(progress ? { listener: progress } : {}),
  }).finally(() => progress?.finish());
  // Render now so the feeds are current when the command returns (debounced publish jobs would follow anyway).
  await Promise.all(config.feeds.map((def) => publishFeed(def, rt.deps)));
  await ctx.life.shutdown('crawl done');
  return summaries;
}

/** The `crawl` command: `--once` here (progress, then the summary table or JSON), else enqueue into a running instance. */
export async function crawlCommand(ids: string[], opts: CrawlOptions): Promise<void> {
  // With --json, stdout carries the JSON only: progress goes to stderr.
  const progress = opts.json ? process.stderr : process.stdout;
  if (!opts.once) return crawlQueued(ids, { ...opts, signals: true, progress });
  const summaries = await crawlOnce(ids, { ...opts, signals: true, progress });
  process.stdout.write(opts.json ? `${JSON.stringify(summaries, null, 2)}\n` : formatSummary(summaries));
}
