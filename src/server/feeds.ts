/** GET/HEAD /feeds/{id}.rss|.atom|.json: pre-rendered bytes with strong ETag, Last-Modified and 304s. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publishFeed } from '../pipeline/index.js';
import type { RenderedEntry } from '../store/index.js';
import type { FeedFormat } from '../syndicate/index.js';
import { requestToken, tokenMatches } from './auth.js';
import type { ServerDeps } from './deps.js';

const EXT_TO_FORMAT: Record<string, FeedFormat> = { rss: 'rss', atom: 'atom', json: 'json' };

/** True when the request's validators match the entry (If-None-Match wins over If-Modified-Since, RFC 9110 §13.2.2). */
export function notModified(req: FastifyRequest, entry: Pick<RenderedEntry, 'etag' | 'lastModified'>): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    return inm.split(',').some((t) => {
      const tag = t.trim().replace(/^W\//, '');
      return tag === '*' || tag === entry.etag;
    });
  }
  const ims = req.headers['if-modified-since'];
  if (ims) {
    const since = Date.parse(ims);
    const modified = Date.parse(entry.lastModified);
    return Number.isFinite(since) && Number.isFinite(modified) && Math.floor(modified / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

/** Registers the outbound feed routes. */
export function registerFeedRoutes(app: FastifyInstance, deps: ServerDeps): void {
  // Single flight: concurrent requests for a feed that was never rendered share one render.
  const inflight = new Map<string, Promise<unknown>>();

  app.get<{ Params: { file: string } }>('/feeds/:file', async (req, reply: FastifyReply) => {
    const m = /^([A-Za-z0-9_-]+)\.(rss|atom|json)$/.exec(req.params.file);
    const def = m ? deps.config.feeds.find((f) => f.id === m[1]) : undefined;
    const format = m ? EXT_TO_FORMAT[m[2] ?? ''] : undefined;
    if (!def || !format) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such feed' } });
    if (def.access === 'token' && !tokenMatches(requestToken(req), deps.config.server.adminToken)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="feedmill"').send({ error: { code: 'UNAUTHORIZED', message: 'this feed needs a token' } });
    }
    let entry = await deps.rendered.get(def.id, format);
    if (!entry) {
      let p = inflight.get(def.id);
      if (!p) {
        p = publishFeed(def, deps).finally(() => inflight.delete(def.id));
        inflight.set(def.id, p);
      }
      await p;
      entry = await deps.rendered.get(def.id, format);
      if (!entry) return reply.code(503).header('retry-after', '5').send({ error: { code: 'NOT_READY', message: 'feed not rendered yet' } });
    }
    reply
      .header('etag', entry.etag)
      .header('last-modified', entry.lastModified)
      .header('cache-control', `public, max-age=${Math.round(deps.config.server.feedMaxAgeMs / 1000)}`)
      .header('vary', 'Accept-Encoding');
    if (notModified(req, entry)) return reply.code(304).send();
    return reply.header('content-type', entry.contentType).send(entry.body);
  });
}
