/** What the pipeline use cases need, passed in (DESIGN convention 6: processors are (payload, deps) => result). */
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Fetcher, HostBudget, RobotsCache } from '../fetch/index.js';
import type { Queues } from '../queue/queues.js';
import type { ArticleStore, FetchHistoryStore, PendingStore, RenderedStore, SourceStateStore } from '../store/index.js';
import type { LshIndex } from '../dedup/index.js';
import type { SourceRegistry } from '../sources/registry.js';

/** Dependencies of ingestSource, processArticle and publishFeed. */
export interface PipelineDeps {
  config: Config;
  log: Logger;
  fetcher: Fetcher;
  queues: Queues;
  articles: ArticleStore;
  sources: SourceStateStore;
  /** Source definitions (config-synced and runtime-added), read per job so run-time changes apply without a restart. */
  registry: SourceRegistry;
  pending: PendingStore;
  rendered: RenderedStore;
  nearDup: LshIndex;
  /** robots.txt verdicts, cached in Redis for every worker. */
  robots: RobotsCache;
  /** Per-host request budget shared by every worker. */
  hosts: HostBudget;
  /** Fetch history, recent errors and articles-per-day counters (optional: hand-built deps in tests may skip it). */
  history?: FetchHistoryStore;
  now: () => Date;
}
