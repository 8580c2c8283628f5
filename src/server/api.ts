/** Operator API under /api (bearer token): source management (sources-api.ts). */
import type { FastifyInstance } from 'fastify';
import { requireToken } from './auth.js';
import type { ServerDeps } from './deps.js';
import { registerSourceRoutes } from './sources-api.js';

/** Registers /api routes. */
export function registerApiRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.register(async (api) => {
    api.addHook('preHandler', requireToken(deps.config.server.adminToken));

    // Sources, crawl-now, re-extract and OPML: sources-api.ts.
    registerSourceRoutes(api, deps);
  });
}
