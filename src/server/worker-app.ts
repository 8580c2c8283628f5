/**
 * The HTTP side of a `feedmill worker` process (`--metrics-port`): /healthz (its event loop answers, with its delay),
 * /readyz (Redis answers) and /metrics (its roles' counters, its threads' included, and the queue gauges) — what an
 * orchestrator's health check and a Prometheus scrape need from a process that serves no feeds.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ServerDeps } from './deps.js';
import { registerHealthRoutes } from './health.js';
import { registerMetricsRoutes } from './metrics.js';

/** Builds the worker's health and metrics app; call `listen` on the result. */
export function buildWorkerApp(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.log.child({ component: 'http' }, { level: 'warn' }) as unknown as FastifyBaseLogger,
  });
  registerHealthRoutes(app, deps);
  registerMetricsRoutes(app, deps);
  return app;
}
