/** What the HTTP server needs. */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Queues } from '../queue/queues.js';
import type { ArticleStore, FetchHistoryStore, RenderedStore, SourceStateStore } from '../store/index.js';
import type { FeedDefinition } from '../model/source.js';
import type { SubscriberStore } from '../partners/subscribers.js';
import type { Registry } from 'prom-client';
import type { Metrics } from '../runtime/metrics.js';
import type { TokenStore } from '../partners/tokens.js';
import type { FeedTally } from './feed-tally.js';
import type { SourceRegistry } from '../sources/registry.js';
import type { Fetcher } from '../fetch/index.js';

/** Dependencies of the Fastify app. */
export interface ServerDeps {
  config: Config;
  log: Logger;
  redis: Redis;
  queues: Queues;
  articles: ArticleStore;
  sources: SourceStateStore;
  /** Source definitions (config-synced and runtime-added). */
  registry: SourceRegistry;
  /** Fetcher for feed autodiscovery (POST /api/sources, /api/sources/discover); absent: one is made per request. */
  fetcher?: Fetcher;
  rendered: RenderedStore;
  now: () => Date;
  /** Renders a feed that was never rendered (default: publishFeed); tests count calls. */
  publish?: (def: FeedDefinition) => Promise<unknown>;
  /** Partner tokens (default: a TokenStore on `redis` under the instance prefix). */
  tokens?: TokenStore;
  /** Subscriber counts (default: a SubscriberStore on `redis` under the instance prefix). */
  subscribers?: SubscriberStore;
  /**
   * How long a pre-rendered feed held in memory is trusted before its ETag is checked in Redis again, while
   * the change channel (Redis pub/sub) is live; default 1000 ms. 0: check on every request (checks coalesced).
   */
  feedRecheckMs?: number;
  /** Fetch history, recent errors, articles per day (default: a FetchHistoryStore on `redis` under the instance prefix). */
  history?: FetchHistoryStore;
  /** This process's Prometheus metrics (GET /metrics); absent in tests that don't need them. */
  metrics?: Metrics;
  /** Merges the pipeline worker threads' metrics into this process's registry (set when roles run in threads). */
  pipelineMetrics?: (own: Registry) => Promise<Registry>;
  /** In-memory outbound feed request counts (buildApp creates one; feed routes count, reporters read). */
  feedTally?: FeedTally;
}
