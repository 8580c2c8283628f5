/** What the HTTP server needs. */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Queues } from '../queue/queues.js';
import type { ArticleStore, RenderedStore, SourceStateStore } from '../store/index.js';
import type { FeedDefinition } from '../model/source.js';
import type { SubscriberStore } from '../partners/subscribers.js';
import type { Metrics } from '../runtime/metrics.js';
import type { TokenStore } from '../partners/tokens.js';

/** Dependencies of the Fastify app. */
export interface ServerDeps {
  config: Config;
  log: Logger;
  redis: Redis;
  queues: Queues;
  articles: ArticleStore;
  sources: SourceStateStore;
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
  /** This process's Prometheus metrics (GET /metrics); absent in tests that don't need them. */
  metrics?: Metrics;
}
