/** What the HTTP server needs. */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Queues } from '../queue/queues.js';
import type { ArticleStore, RenderedStore, SourceStateStore } from '../store/index.js';

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
}
