/** Operator API under /api (bearer token): source health and crawl-now. */
import type { FastifyInstance } from 'fastify';
import { enqueueFetch } from '../queue/queues.js';
import { requireToken } from './auth.js';
import type { ServerDeps } from './deps.js';
import { sourceViews } from './source-view.js';

/** Registers /api routes. */
export function registerApiRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.register(async (api) => {
    api.addHook('preHandler', requireToken(deps.config.server.adminToken));

    api.get('/api/sources', async () => sourceViews(deps));

    api.get<{ Params: { id: string } }>('/api/sources/:id', async (req, reply) => {
      const view = (await sourceViews(deps)).find((s) => s.id === req.params.id);
      if (!view) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no source "${req.params.id}"` } });
      return view;
    });

    api.post<{ Params: { id: string } }>('/api/sources/:id/crawl', async (req, reply) => {
      const source = deps.config.sources.find((s) => s.id === req.params.id);
      if (!source) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no source "${req.params.id}"` } });
      const jobId = await enqueueFetch(deps.queues, source.id, { force: true });
      return reply.code(202).send({ sourceId: source.id, jobId });
    });
  });
}
