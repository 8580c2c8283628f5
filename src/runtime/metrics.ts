/** Prometheus metrics of one process (prom-client): what its workers did and what its server served. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The metrics a process records; one registry per process. */
export interface Metrics {
  registry: Registry;
  fetches: Counter<'source' | 'result'>;
  articles: Counter<'source' | 'outcome'>;
  renders: Counter<'feed'>;
  /** Time spent rendering, per feed (its rate is the share of the time the feed is being rendered). */
  renderSeconds: Counter<'feed'>;
  feedRequests: Counter<'feed' | 'format' | 'status'>;
  /** Feed requests answered on the raw socket (server/wire.ts). */
  wireAnswers: Counter;
  /** Connections the wire fast path handed to node:http. */
  wireHandoffs: Counter;
  queueJobs: Gauge<'queue' | 'state'>;
  /** HTTP status of every fetch response ("none": no response came). */
  fetchStatus: Counter<'source' | 'status'>;
  /** Fetch wall-clock time by result class (ok, not_modified, unchanged, error): no source label, bounded series. */
  fetchDuration: Histogram<'result'>;
  fetchBytes: Counter<'source'>;
  /** 304 answers: ratio = rate(this) / rate(feedmill_fetches_total). */
  fetchNotModified: Counter<'source'>;
  /** New articles that joined an existing near-duplicate cluster. */
  clusterJoins: Counter<'source'>;
  jobFailures: Counter<'queue' | 'code'>;
  queueOldestWaiting: Gauge<'queue'>;
  queuePaused: Gauge<'queue'>;
}

/**
 * Creates the registry with feedmill's metrics and, unless `processMetrics` is false, Node's default process
 * metrics (worker threads leave those to the main thread: they would be counted once per thread).
 */
export function createMetrics(opts: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'feedmill_' });
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
    renderSeconds: new Counter({
      name: 'feedmill_publish_render_seconds_total',
      help: 'Time the publish stage spent rendering each feed (selection, rendering, compression, storing)',
      labelNames: ['feed'],
      registers,
    }),
    feedRequests: new Counter({
      name: 'feedmill_feed_requests_total',
      help: 'Outbound feed requests by feed, format and HTTP status (304s included)',
      labelNames: ['feed', 'format', 'status'],
      registers,
    }),
    wireAnswers: new Counter({ name: 'feedmill_wire_answers_total', help: 'Feed requests answered on the raw socket by the wire fast path', registers }),
    wireHandoffs: new Counter({
      name: 'feedmill_wire_handoffs_total',
      help: 'Connections the wire fast path handed to node:http (a request outside its plain subset or not a trusted public feed)',
      registers,
    }),
    queueJobs: new Gauge({ name: 'feedmill_queue_jobs', help: 'Jobs per queue and state, read at scrape time', labelNames: ['queue', 'state'], registers }),
    fetchStatus: new Counter({
      name: 'feedmill_fetch_status_total',
      help: 'Source fetch responses by source and HTTP status ("none" when no response came)',
      labelNames: ['source', 'status'],
      registers,
    }),
    fetchDuration: new Histogram({
      name: 'feedmill_fetch_duration_seconds',
      help: 'Source fetch wall-clock time (request, body, parse) by result: ok, not_modified, unchanged, error',
      labelNames: ['result'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30],
      registers,
    }),
    fetchBytes: new Counter({ name: 'feedmill_fetch_bytes_total', help: 'Decoded bytes received from sources', labelNames: ['source'], registers }),
    fetchNotModified: new Counter({
      name: 'feedmill_fetch_not_modified_total',
      help: 'Source fetches answered 304 Not Modified (ratio: divide by feedmill_fetches_total)',
      labelNames: ['source'],
      registers,
    }),
    clusterJoins: new Counter({
      name: 'feedmill_cluster_joins_total',
      help: 'New articles that joined an existing near-duplicate cluster',
      labelNames: ['source'],
      registers,
    }),
    jobFailures: new Counter({
      name: 'feedmill_job_failures_total',
      help: 'Failed job attempts by queue and error code (retried or final)',
      labelNames: ['queue', 'code'],
      registers,
    }),
    queueOldestWaiting: new Gauge({
      name: 'feedmill_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job waiting to run (since it became due), read at scrape time',
      labelNames: ['queue'],
      registers,
    }),
    queuePaused: new Gauge({ name: 'feedmill_queue_paused', help: '1 when the queue is paused globally', labelNames: ['queue'], registers }),
  };
}
