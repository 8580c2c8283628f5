/** Liveness (/healthz: the process answers, with its event-loop delay) and readiness (/readyz: Redis answers). */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from './deps.js';

/** Registers /healthz and /readyz. */
export function registerHealthRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'redis'>): void {
  // A blocked event loop is how a Node worker loses its job locks: report how long it stalled.
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  app.addHook('onClose', async () => loop.disable());
  app.get('/healthz', async () => ({
    status: 'ok',
    uptimeSeconds: Math.round(process.uptime()),
    rssBytes: process.memoryUsage.rss(),
    eventLoopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
  }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await Promise.race([
        deps.redis.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('redis ping timed out')), 1000).unref()),
      ]);
      return { status: 'ready', redis: 'ok' };
    } catch (err) {
      return reply.code(503).send({ status: 'not ready', redis: err instanceof Error ? err.message : String(err) });
    }
  });
}

function ms(ns: number): number {
  return Number.isFinite(ns) ? Math.round(ns / 1e5) / 10 : 0;
}
