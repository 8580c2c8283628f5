/** Fastify app factory (build separate from listen): feeds, operator API, health and a discovery page. */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerApiRoutes } from './api.js';
import type { ServerDeps } from './deps.js';
import { registerFeedRoutes } from './feeds.js';
import { registerHealthRoutes } from './health.js';
import { registerIndexRoute } from './index-page.js';
import { registerPartnerRoutes } from './partners-api.js';
import { registerMetricsRoutes } from './metrics.js';

/** Builds the app; call `listen` on the result to serve. */
export function buildApp(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    // pino's Logger and Fastify's logger type differ only in generics.
    // Request lines are info-level: the http child logs warnings and errors only.
    loggerInstance: deps.log.child({ component: 'http' }, { level: 'warn' }) as unknown as FastifyBaseLogger,
    trustProxy: true,
  });
  registerHealthRoutes(app, deps);
  registerMetricsRoutes(app, deps);
  registerFeedRoutes(app, deps);
  registerApiRoutes(app, deps);
  registerIndexRoute(app, deps);
  registerPartnerRoutes(app, deps);
  return app;
}
