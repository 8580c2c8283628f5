/** Fastify app factory (build separate from listen): feeds, operator API, health and a discovery page. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerAdmin } from './admin/index.js';
import { registerApiRoutes } from './api.js';
import { registerArticleRoutes } from './articles-api.js';
import { registerArticleSearch } from './articles-search.js';
import type { ServerDeps } from './deps.js';
import { registerApiErrors } from './errors.js';
import type { FastPaths } from './feed-fast-path.js';
import { FeedTally } from './feed-tally.js';
import { registerFeedRoutes } from './feeds.js';
import { registerHealthRoutes } from './health.js';
import { registerIndexRoute } from './index-page.js';
import { registerPartnerRoutes } from './partners-api.js';
import { WireServer } from './wire.js';
import { registerMetricsRoutes } from './metrics.js';
import { registerObserveRoutes } from './observe-api.js';
import { registerOpenApi } from './openapi/index.js';

/** Builds the app; call `listen` on the result to serve. */
export function buildApp(given: ServerDeps): FastifyInstance {
  // One tally per app, shared by the feed routes (which count) and /metrics (which reports).
  const deps: ServerDeps = { ...given, feedTally: given.feedTally ?? new FeedTally() };
  // Filled in once the feed routes exist (below); the server is created first, by Fastify.
  const fast: { paths?: FastPaths } = {};
  let wire: WireServer | undefined;
  const app = Fastify({
    // Popular feeds are answered from memory before Fastify sees the request (feed-fast-path.ts): on the raw
    // socket when the request is plain (wire.ts), else on node:http's request; the rest goes to Fastify's
    // handler. Fastify's own server defaults, which a serverFactory skips, are kept.
    serverFactory: (handler) => {
      const server = (wire = new WireServer((req: IncomingMessage, res: ServerResponse) => {
        if (fast.paths === undefined || !fast.paths.http(req, res)) handler(req, res);
      }));
      server.keepAliveTimeout = 72_000;
      server.requestTimeout = 0;
      return server;
    },
    // pino's Logger and Fastify's logger type differ only in generics.
    // Request lines are info-level: the http child logs warnings and errors only.
    loggerInstance: deps.log.child({ component: 'http' }, { level: 'warn' }) as unknown as FastifyBaseLogger,
    trustProxy: true,
  });
  // First, before any route: the /api error shape and 404, and the route record the OpenAPI check reads.
  registerApiErrors(app);
  registerOpenApi(app, deps);
  registerHealthRoutes(app, deps);
  registerMetricsRoutes(app, deps);
  fast.paths = registerFeedRoutes(app, deps);
  if (wire !== undefined && deps.config.server.wireFastPath) wire.handler = fast.paths.wire;
  registerApiRoutes(app, deps);
  registerIndexRoute(app, deps);
  registerPartnerRoutes(app, deps);
  registerObserveRoutes(app, deps);
  registerArticleSearch(app, deps);
  registerArticleRoutes(app, deps);
  registerAdmin(app, deps);
  return app;
}
