/** GET /metrics (Prometheus text format): this process's counters, plus queue depths read from Redis at scrape time. */
import type { FastifyInstance } from 'fastify';
import { queueOverview, type QueueOverview } from '../queue/inspect.js';
import type { Metrics } from '../runtime/metrics.js';
import type { ServerDeps } from './deps.js';
import { WireServer } from './wire.js';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
/** Queue read-outs are reused this long, so frequent or concurrent scrapes cost Redis one read-out. */
const QUEUE_CACHE_MS = 2000;

/** Sets the queue gauges from an overview: jobs per state, oldest waiting job's age, paused flag. */
function setQueueGauges(metrics: Metrics, overview: readonly QueueOverview[]): void {
  for (const q of overview) {
    for (const state of STATES) metrics.queueJobs.set({ queue: q.name, state }, q[state]);
    metrics.queueOldestWaiting.set({ queue: q.name }, (q.oldestWaitingMs ?? 0) / 1000);
    metrics.queuePaused.set({ queue: q.name }, q.paused ? 1 : 0);
  }
}

/** Registers /metrics and counts every outbound feed request by feed, format and status, and the wire fast path's answers and handoffs. */
export function registerMetricsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const metrics = deps.metrics;
  if (!metrics) return;
  // Feed requests are counted in memory by the feed routes (no per-request hook); a scrape adds what was
  // counted since the previous scrape to the Prometheus counter.
  const reported = new Map<string, number>();
  const reportFeedRequests = () => {
    for (const slot of deps.feedTally?.all() ?? []) {
      for (const [status, total] of slot.byStatus()) {
        const key = `${slot.feedId}.${slot.format} ${status}`;
        const delta = total - (reported.get(key) ?? 0);
        if (delta > 0) metrics.feedRequests.inc({ feed: slot.feedId, format: slot.format, status: String(status) }, delta);
        reported.set(key, total);
      }
    }
  };
  // The wire fast path keeps plain counts on the server; a scrape adds what it counted since the previous one.
  const wire = { answers: 0, handoffs: 0 };
  const reportWire = () => {
    const server: unknown = app.server;
    if (!(server instanceof WireServer)) return;
    metrics.wireAnswers.inc(server.wireAnswers - wire.answers);
    metrics.wireHandoffs.inc(server.wireHandoffs - wire.handoffs);
    wire.answers = server.wireAnswers;
    wire.handoffs = server.wireHandoffs;
  };
  let queues: { at: number; read: Promise<void> } | undefined;
  app.get('/metrics', async (_req, reply) => {
    reportFeedRequests();
    reportWire();
    if (!queues || Date.now() - queues.at > QUEUE_CACHE_MS) {
      const at = Date.now();
      const read = queueOverview(deps.queues, at).then((overview) => setQueueGauges(metrics, overview));
      queues = { at, read };
    }
    // Redis away: serve what this process knows (the last values); /readyz reports the outage.
    await queues.read.catch(() => undefined);
    // With pipeline roles in worker threads, their counters are summed into this process's answer.
    const registry = deps.pipelineMetrics ? await deps.pipelineMetrics(metrics.registry) : metrics.registry;
    return reply.header('content-type', metrics.registry.contentType).send(await registry.metrics());
  });
}
