/** Liveness (/healthz: the process answers) and readiness (/readyz: Redis answers). */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from './deps.js';

/** Registers /healthz and /readyz. */
export function registerHealthRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'redis'>): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
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
