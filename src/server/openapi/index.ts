/**
 * The OpenAPI 3.1 document of feedmill's HTTP API, hand-written by area, served publicly at GET /api/openapi.json.
 * The app records every /api route it registers, so a test (and a startup warning) can tell a route the document
 * lacks.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { articlePaths, articleSchemas } from './articles.js';
import { commonComponents, type JsonObject } from './common.js';
import { observePaths, observeSchemas } from './observe.js';
import { partnerPaths, partnerSchemas } from './partners.js';
import { publicPaths } from './public.js';
import { sourcePaths, sourceSchemas } from './sources.js';

/** HTTP methods an OpenAPI path item can hold. */
export const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** One route: upper-case method and an OpenAPI path (`/api/sources/{id}`). */
export interface RouteKey {
  method: string;
  path: string;
}

/** The OpenAPI document; `serverUrl` becomes its one server entry. */
export function openApiDocument(serverUrl?: string): JsonObject {
  const components = commonComponents as { schemas: JsonObject } & JsonObject;
  return {
    openapi: '3.1.0',
    info: {
      title: 'feedmill',
      version: '1',
      description:
        'Operator API under /api (bearer token) plus the public feeds and health routes. Errors are `{ "error": { "code", "message" } }`; lists answer a JSON array paged by `limit` and `cursor`, with `Link: rel="next"` while more remain.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: ['sources', 'observe', 'articles', 'partners', 'feeds', 'health', 'meta'].map((name) => ({ name })),
    security: [{ bearer: [] }, { queryToken: [] }],
    paths: { ...sourcePaths, ...observePaths, ...articlePaths, ...partnerPaths, ...publicPaths },
    components: {
      ...components,
      schemas: { ...components.schemas, ...sourceSchemas, ...observeSchemas, ...articleSchemas, ...partnerSchemas },
    },
  };
}

/** Fastify's `/api/sources/:id` as OpenAPI's `/api/sources/{id}`. */
export function openApiPath(fastifyUrl: string): string {
  return fastifyUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Every (method, path) the document describes. */
export function documentedRoutes(doc: JsonObject): RouteKey[] {
  const out: RouteKey[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, JsonObject>)) {
    for (const m of OPENAPI_METHODS) if (item[m]) out.push({ method: m.toUpperCase(), path });
  }
  return out;
}

const registered = new WeakMap<FastifyInstance, RouteKey[]>();

/** The /api routes registered on an app built by buildApp (complete once the app is ready). */
export function registeredApiRoutes(app: FastifyInstance): RouteKey[] {
  return [...(registered.get(app) ?? [])];
}

/** Records every /api route (call before any route is added) and serves GET /api/openapi.json without a token. */
export function registerOpenApi(app: FastifyInstance, deps: Pick<ServerDeps, 'config'>): void {
  const routes: RouteKey[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (opts) => {
    if (!opts.url.startsWith('/api/') || opts.url.endsWith('*')) return;
    // Fastify answers HEAD for every GET on its own: the document describes the GET.
    for (const method of [opts.method].flat()) if (method !== 'HEAD') routes.push({ method, path: openApiPath(opts.url) });
  });
  const doc = JSON.stringify(openApiDocument(deps.config.server.baseUrl));
  app.addHook('onReady', async () => {
    const known = new Set(documentedRoutes(JSON.parse(doc) as JsonObject).map((r) => `${r.method} ${r.path}`));
    const missing = routes.filter((r) => !known.has(`${r.method} ${r.path}`));
    if (missing.length > 0) app.log.warn({ routes: missing.map((r) => `${r.method} ${r.path}`) }, 'api routes missing from the OpenAPI document');
  });
  app.get('/api/openapi.json', async (_req, reply) => reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-cache').send(doc));
}
