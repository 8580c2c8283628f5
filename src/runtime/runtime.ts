/** The composition root: Redis (found or managed), stores, fetcher, queues and pipeline deps for one process. */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { createLshIndex } from '../dedup/index.js';
import { createFetcher } from '../fetch/index.js';
import type { PipelineDeps } from '../pipeline/index.js';
import { checkEvictionPolicy, createConnection } from '../queue/connection.js';
import { ensureRedis, type RedisHandle } from '../queue/managed-redis.js';
import { createQueues } from '../queue/queues.js';
import { ArticleStore, PendingStore, RenderedStore, SourceStateStore, storeKeys } from '../store/index.js';

/** Everything one process shares between its roles. */
export interface Runtime {
  config: Config;
  log: Logger;
  redisUrl: string;
  /** Producer-side connection (fails fast) used by stores, queues and the server. */
  redis: Redis;
  deps: PipelineDeps;
  close(): Promise<void>;
}

/** Opens Redis (starting a managed one when allowed), checks its eviction policy, and builds the pipeline deps. */
export async function createRuntime(config: Config, log: Logger): Promise<Runtime> {
  const handle: RedisHandle = await ensureRedis({
    ...(config.redis.url ? { url: config.redis.url } : {}),
    managed: config.redis.managed,
    dataDir: config.redis.dataDir,
    port: config.redis.managedPort,
    onLog: (msg) => log.info(msg),
  });
  const redis = createConnection(handle.url, 'producer');
  redis.on('error', (err: Error) => log.warn({ err: err.message }, 'redis connection error'));
  const warning = await checkEvictionPolicy(redis);
  if (warning) log.warn(warning);
  const prefix = config.redis.prefix;
  const queueConn = createConnection(handle.url, 'producer');
  queueConn.on('error', (err: Error) => log.warn({ err: err.message }, 'redis connection error'));
  const queues = createQueues(queueConn, prefix);
  for (const q of [queues.fetch, queues.article, queues.publish]) {
    q.on('error', (err: Error) => log.warn({ err: err.message, queue: q.name }, 'queue error'));
  }
  const fetcher = createFetcher({
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects,
    userAgent: config.fetch.userAgent,
    allowPrivateNetworks: config.fetch.allowPrivateNetworks,
    allow: [...config.fetch.allow],
  });
  const deps: PipelineDeps = {
    config,
    log,
    fetcher,
    queues,
    articles: new ArticleStore(redis, prefix),
    sources: new SourceStateStore(redis, prefix),
    pending: new PendingStore(redis, prefix),
    rendered: new RenderedStore(redis, prefix),
    nearDup: createLshIndex(redis, storeKeys(prefix).lsh),
    now: () => new Date(),
  };
  return {
    config,
    log,
    redisUrl: handle.url,
    redis,
    deps,
    close: async () => {
      await queues.close();
      await fetcher.close();
      await Promise.allSettled([redis.quit(), queueConn.quit()]);
      await handle.stop();
    },
  };
}
