/**
 * Operator API for partners (operator bearer token): `GET/POST /api/tokens`, `DELETE /api/tokens/{id}`
 * to manage partner tokens. (`GET /api/feeds`, with each feed's URLs, request and subscriber counts, is in observe-api.ts.)
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TokenStore } from '../partners/tokens.js';
import { requireToken } from './auth.js';
import type { ServerDeps } from './deps.js';
import { sendError } from './errors.js';
import { feedLogSerializers } from './feeds.js';

const createBody = z
  .object({
    name: z.string().min(1).max(200),
    feeds: z.array(z.string().min(1)).min(1),
    ratePerMinute: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

/** Registers /api/tokens. */
export function registerPartnerRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const tokens = deps.tokens ?? new TokenStore(deps.redis, deps.config.redis.prefix);
  const feedIds = new Set(deps.config.feeds.map((f) => f.id));

  app.register(async (api) => {
    api.addHook('preHandler', requireToken(deps.config.server.adminToken));

    api.get('/api/tokens', { logSerializers: feedLogSerializers }, async () => ({ tokens: await tokens.list() }));

    api.post('/api/tokens', { logSerializers: feedLogSerializers }, async (req, reply) => {
      const parsed = createBody.safeParse(req.body);
      if (!parsed.success) {
        return sendError(reply, 400, 'BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      }
      const unknown = parsed.data.feeds.filter((f) => f !== '*' && !feedIds.has(f));
      if (unknown.length > 0) return sendError(reply, 400, 'BAD_REQUEST', `feeds: unknown feed(s): ${unknown.join(', ')}`);
      const created = await tokens.create({ ...parsed.data, now: deps.now() });
      // The secret is in this response only; it is never stored or logged.
      return reply.code(201).header('cache-control', 'no-store').send({ token: created.secret, ...created.token });
    });

    api.delete<{ Params: { id: string } }>('/api/tokens/:id', async (req, reply) => {
      if (!(await tokens.revoke(req.params.id))) return sendError(reply, 404, 'NOT_FOUND', 'no such token');
      return reply.code(204).send();
    });

  });
}
