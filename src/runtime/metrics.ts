/** Prometheus metrics of one process (prom-client): what its workers did and what its server served. */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** The metrics a process records; one registry per process. */
export interface Metrics {
  registry: Registry;
  fetches: Counter<'source' | 'result'>;
  articles: Counter<'source' | 'outcome'>;
  renders: Counter<'feed'>;
  feedRequests: Counter<'feed' | 'format' | 'status'>;
  queueJobs: Gauge<'queue' | 'state'>;
}

/** Creates the registry with Node's default process metrics and feedmill's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'feedmill_' });
  const registers = [registry];
  return {
    registry,
    fetches: new Counter({
      name: 'feedmill_fetches_total',
      help: 'Source fetches by source and result (ok, not_modified, unchanged, or the error code)',
      labelNames: ['source', 'result'],
      registers,
    }),
    articles: new Counter({
      name: 'feedmill_articles_total',
      help: 'Items processed by the article stage, by source and outcome (new, updated, unchanged, duplicate)',
      labelNames: ['source', 'outcome'],
      registers,
    }),
    renders: new Counter({ name: 'feedmill_publish_renders_total', help: 'Feed renders by the publish stage', labelNames: ['feed'], registers }),
    feedRequests: new Counter({
      name: 'feedmill_feed_requests_total',
      help: 'Outbound feed requests by feed, format and HTTP status (304s included)',
      labelNames: ['feed', 'format', 'status'],
      registers,
    }),
    queueJobs: new Gauge({ name: 'feedmill_queue_jobs', help: 'Jobs per queue and state, read at scrape time', labelNames: ['queue', 'state'], registers }),
  };
}
