/**
 * Operator API for sources (registered inside the /api token scope of api.ts): list, show, add (with autodiscovery),
 * discover, update, remove, pause/resume, crawl now, re-extract, and OPML import/export. The use cases live in
 * src/sources; this file maps HTTP to them and their SourceOpError codes to JSON errors.
 */
import type { FastifyInstance } from 'fastify';
import { crawlSources, addSource, discoverSource, pauseSource, reextractSource, removeSource, resumeSource, updateSource } from '../sources/manage.js';
import { SourceOpError } from '../sources/errors.js';
import { exportOpml, importOpml } from '../sources/transfer.js';
import type { RegisteredSource } from '../sources/registry.js';
import type { ServerDeps } from './deps.js';
import { ApiError, badRequest } from './errors.js';
import { pageArray, parsePageQuery, setPageHeaders } from './pagination.js';
import { sourceView, sourceViews } from './source-view.js';

/** `?status=` values of GET /api/sources. */
const STATUS_FILTERS = ['ok', 'failing', 'gone', 'paused'] as const;
const ORIGIN_FILTERS = ['config', 'runtime'] as const;

type IdParams = { Params: { id: string } };

/** Runs a use case, turning its refusals into API errors (the /api error handler sends them). */
async function op<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof SourceOpError) throw new ApiError(err.httpStatus, err.code, err.message);
    throw err;
  }
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw badRequest(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** Sources matching `?status=` / `?origin=` (status needs every source's state: one MGET). */
async function filtered(deps: ServerDeps, query: Record<string, unknown>): Promise<RegisteredSource[]> {
  const status = oneOf('status', query.status, STATUS_FILTERS);
  const origin = oneOf('origin', query.origin, ORIGIN_FILTERS);
  let list = await deps.registry.list();
  if (origin) list = list.filter((s) => s.origin === origin);
  if (status === 'paused') return list.filter((s) => s.paused);
  if (!status) return list;
  const states = await deps.sources.getMany(list.map((s) => s.id));
  const want = (st: string) => (status === 'ok' ? st === 'ok' || st === 'new' : status === 'failing' ? st === 'error' : st === 'gone');
  return list.filter((_, i) => want(states[i]!.status));
}

async function viewOf(deps: ServerDeps, id: string) {
  const view = await sourceView(deps, id);
  if (!view) throw new ApiError(404, 'NOT_FOUND', `no source "${id}"`);
  return view;
}

/** Registers the /api/sources, /api/crawl and /api/opml routes on `api` (already behind the operator token). */
export function registerSourceRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.register(async (scope) => {
    // OPML arrives as XML text; JSON stays Fastify's.
    scope.addContentTypeParser(['text/x-opml', 'application/xml', 'text/xml', 'application/octet-stream'], { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );

    scope.get<{ Querystring: Record<string, unknown> }>('/api/sources', async (req, reply) => {
      const page = parsePageQuery(req.query);
      const slice = pageArray(await filtered(deps, req.query), page);
      setPageHeaders(req, reply, page, slice);
      return sourceViews(deps, slice.items);
    });

    scope.post('/api/sources', async (req, reply) => {
      const added = await op(addSource(deps, req.body));
      return reply.code(201).send(await viewOf(deps, added.id));
    });

    scope.post<{ Body: { url?: unknown } }>('/api/sources/discover', async (req) => {
      const url = req.body?.url;
      if (typeof url !== 'string') throw badRequest('url', 'is required (the site or feed URL)');
      return op(discoverSource(deps, url));
    });

    scope.get<IdParams>('/api/sources/:id', async (req) => viewOf(deps, req.params.id));

    scope.patch<IdParams>('/api/sources/:id', async (req) => {
      await op(updateSource(deps, req.params.id, req.body));
      return viewOf(deps, req.params.id);
    });

    scope.delete<IdParams & { Querystring: { articles?: string } }>('/api/sources/:id', async (req, reply) => {
      const articles = oneOf('articles', req.query.articles, ['keep', 'delete'] as const) ?? 'keep';
      await op(removeSource(deps, req.params.id, { articles }));
      return reply.code(204).send();
    });

    scope.post<IdParams>('/api/sources/:id/pause', async (req) => {
      await op(pauseSource(deps, req.params.id));
      return viewOf(deps, req.params.id);
    });

    scope.post<IdParams>('/api/sources/:id/resume', async (req) => {
      await op(resumeSource(deps, req.params.id));
      return viewOf(deps, req.params.id);
    });

    scope.post<IdParams>('/api/sources/:id/crawl', async (req, reply) => {
      const [job] = await op(crawlSources(deps, [req.params.id]));
      return reply.code(202).send(job);
    });

    scope.post<{ Body: { sources?: unknown } | undefined }>('/api/crawl', async (req, reply) => {
      const ids = req.body?.sources;
      if (ids !== undefined && (!Array.isArray(ids) || !ids.every((i) => typeof i === 'string'))) throw badRequest('sources', 'must be an array of source ids');
      return reply.code(202).send({ jobs: await op(crawlSources(deps, ids as string[] | undefined)) });
    });

    scope.post<IdParams>('/api/sources/:id/reextract', async (req, reply) => reply.code(202).send(await op(reextractSource(deps, req.params.id))));

    scope.get('/api/opml', async (_req, reply) =>
      reply.type('text/x-opml; charset=utf-8').header('content-disposition', 'attachment; filename="feedmill-sources.opml"').send(await exportOpml(deps)),
    );

    scope.post('/api/opml', async (req) => {
      if (typeof req.body !== 'string' || req.body.trim() === '') throw badRequest('(body)', 'must be an OPML document (Content-Type text/x-opml or application/xml)');
      return op(importOpml(deps, req.body));
    });
  });
}
