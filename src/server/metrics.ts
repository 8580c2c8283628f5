/** GET /metrics (Prometheus text format): this process's counters, plus queue depths read from Redis at scrape time. */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from './deps.js';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Registers /metrics and counts every outbound feed request by feed, format and status. */
export function registerMetricsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const metrics = deps.metrics;
  if (!metrics) return;
  app.addHook('onResponse', async (req, reply) => {
    const m = /^\/feeds\/([A-Za-z0-9_-]+)\.(rss|atom|json)(?:\?|$)/.exec(req.url);
    if (m) metrics.feedRequests.inc({ feed: m[1]!, format: m[2]!, status: String(reply.statusCode) });
  });
  app.get('/metrics', async (_req, reply) => {
    for (const q of [deps.queues.fetch, deps.queues.article, deps.queues.publish]) {
      try {
        const counts = await q.getJobCounts(...STATES);
        for (const state of STATES) metrics.queueJobs.set({ queue: q.name, state }, counts[state] ?? 0);
      } catch {
        // Redis away: serve what this process knows; /readyz reports the outage.
      }
    }
    return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
