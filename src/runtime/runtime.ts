/** The composition root: Redis (found or managed), stores, fetcher, queues and pipeline deps for one process. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { createLshIndex } from '../dedup/index.js';
import { createFetcher, HostBudget, RobotsCache, robotsFetcher } from '../fetch/index.js';
import type { PipelineDeps } from '../pipeline/index.js';
import { checkEvictionPolicy, createConnection, type ConnectionKind } from '../queue/connection.js';
import { ensureRedis, type RedisHandle } from '../queue/managed-redis.js';
import { createQueues, type Queues } from '../queue/queues.js';
import type { ServerDeps } from '../server/deps.js';
import { fetcherOptions } from './fetcher-options.js';
import { createMetrics, type Metrics } from './metrics.js';
import { SourceRegistry } from '../sources/registry.js';
import { ArticleStore, FetchHistoryStore, PendingStore, RenderedStore, SourceStateStore, storeKeys } from '../store/index.js';

/** Everything one process shares between its roles. */
export interface Runtime {
  config: Config;
  log: Logger;
  redisUrl: string;
  /** Fail-fast connection for the HTTP server and one-off commands: a request must not hang while Redis is away. */
  redis: Redis;
  /** Pipeline deps on connections that wait for Redis to come back, so in-flight jobs survive an outage. */
  deps: PipelineDeps;
  /** HTTP server deps on the fail-fast connection. */
  serverDeps: ServerDeps;
  /** This process's Prometheus metrics. */
  metrics: Metrics;
  close(): Promise<void>;
}

/** Opens Redis (starting a managed one when allowed), checks its eviction policy, and builds pipeline and server deps. */
export async function createRuntime(config: Config, log: Logger, opts: { processMetrics?: boolean } = {}): Promise<Runtime> {
  const handle: RedisHandle = await ensureRedis({
    ...(config.redis.url ? { url: config.redis.url } : {}),
    managed: config.redis.managed,
    dataDir: config.redis.dataDir,
    port: config.redis.managedPort,
    onLog: (msg) => log.info(msg),
  });
  const conns: Redis[] = [];
  const queueSets: Queues[] = [];
  const open = (kind: ConnectionKind, extra: RedisOptions = {}) => {
    const c = createConnection(handle.url, kind, extra);
    c.on('error', (err: Error) => log.warn({ err: err.message, kind }, 'redis connection error'));
    conns.push(c);
    return c;
  };
  const prefix = config.redis.prefix;
  const openQueues = (kind: ConnectionKind) => {
    const q = createQueues(open(kind), prefix);
    for (const queue of [q.fetch, q.article, q.publish, q.maintain]) {
      queue.on('error', (err: Error) => log.warn({ err: err.message, queue: queue.name }, 'queue error'));
    }
    queueSets.push(q);
    return q;
  };
  const fast = open('producer');
  const warning = await checkEvictionPolicy(fast);
  if (warning) log.warn(warning);
  const patient = open('worker', { enableAutoPipelining: true });
  const fetcher = createFetcher(fetcherOptions(config.fetch));
  const now = () => new Date();
  const deps: PipelineDeps = {
    config,
    log,
    fetcher,
    queues: openQueues('worker'),
    articles: new ArticleStore(patient, prefix),
    sources: new SourceStateStore(patient, prefix),
    registry: new SourceRegistry(patient, prefix, config.sources),
    pending: new PendingStore(patient, prefix),
    rendered: new RenderedStore(patient, prefix),
    history: new FetchHistoryStore(patient, prefix),
    nearDup: createLshIndex(patient, storeKeys(prefix).lsh),
    robots: new RobotsCache(patient, prefix, robotsFetcher(fetcher)),
    hosts: new HostBudget(patient, prefix, {
      defaultSpacingMs: config.fetch.politeness.spacingMs,
      maxConcurrent: config.fetch.politeness.concurrency,
      perHost: { ...config.fetch.politeness.hosts },
      // A slot must outlast the longest fetch it covers.
      leaseMs: config.fetch.timeoutMs + 10_000,
    }),
    now,
  };
  const metrics = createMetrics(opts);
  const serverDeps: ServerDeps = {
    metrics,
    config,
    log,
    redis: fast,
    queues: openQueues('producer'),
    articles: new ArticleStore(fast, prefix),
    sources: new SourceStateStore(fast, prefix),
    registry: new SourceRegistry(fast, prefix, config.sources),
    fetcher,
    rendered: new RenderedStore(fast, prefix),
    history: new FetchHistoryStore(fast, prefix),
    now,
  };
  return {
    config,
    log,
    redisUrl: handle.url,
    redis: fast,
    deps,
    serverDeps,
    metrics,
    close: async () => {
      // A queue still initialising when its connection is quit rejects with "Connection is closed" after the
      // fact (an unhandled rejection in one-off commands that never used their queues): let them settle first.
      const all = queueSets.flatMap((q) => [q.fetch, q.article, q.publish, q.maintain]);
      // Bounded: with Redis away, a patient connection would wait forever.
      await Promise.race([Promise.allSettled(all.map((q) => q.waitUntilReady())), sleep(2_000, undefined, { ref: false })]);
      await Promise.all(queueSets.map((q) => q.close()));
      await fetcher.close();
      await Promise.allSettled(conns.map((c) => c.quit()));
      await handle.stop();
    },
  };
}
