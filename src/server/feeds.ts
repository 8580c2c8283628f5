/**
 * GET/HEAD /feeds/{id}.rss|.atom|.json. The plain URL is answered from the bytes the publish stage stored
 * (held in memory, checked against Redis by ETag), in the coding Accept-Encoding picks, with a strong ETag
 * per representation, Last-Modified, 304s and Cache-Control. `?limit=`, `?category=`, `?q=`, `?since=` and
 * page cursors are rendered on request, briefly cached. A feed never rendered is rendered once, however
 * many requests ask at the same time (in-process single flight plus a Redis lock across processes).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FeedDefinition } from '../model/source.js';
import { SubscriberStore } from '../partners/subscribers.js';
import { TokenStore } from '../partners/tokens.js';
import { publishFeed } from '../pipeline/publish-feed.js';
import type { RenderedBytes } from '../store/rendered.js';
import { chooseCoding } from './negotiate.js';
import { writeFeed, type FeedHeaders } from './feed-response.js';
import { compressQuick, FEED_FORMATS, feedUrl, queryString, type FeedFormat } from '../syndicate/index.js';
import { feedFastPaths, type FastPaths } from './feed-fast-path.js';
import { FeedTally } from './feed-tally.js';
import type { ServerDeps } from './deps.js';
import { checkFeedAccess, queryTokenOf, redactedUrl } from './feed-access.js';
import { FeedCache } from './feed-cache.js';
import { parseFeedQuery, queryKey, type FeedQuery } from './feed-query.js';
import { renderNarrowed } from './narrowed.js';
import { RenderCache } from './render-cache.js';

const FILE = /^([A-Za-z0-9_-]+)\.(rss|atom|json)$/;
/** How long a render waits for another process's render of the same feed before answering 503. */
const WAIT_FOR_OTHER_MS = 15_000;
const LOCK_TTL_MS = 60_000;

/** The Fastify request serializer for feed routes: the URL without token values. */
export const feedLogSerializers = {
  req: (req: FastifyRequest) => ({ method: req.method, url: redactedUrl(req.url), host: req.host, remoteAddress: req.ip }),
};

function error(reply: FastifyReply, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return reply.code(status).headers(headers).send({ error: { code, message } });
}

/**
 * Subscribes to the renders' change channel on a dedicated connection: while it is live, memory copies are
 * trusted for `feedRecheckMs` (default 1 s) and reloaded in the background on each message; when it drops, every
 * request checks.
 */
function watchChanges(app: FastifyInstance, deps: ServerDeps, cache: FeedCache): void {
  const trustMs = deps.feedRecheckMs ?? 1000;
  if (trustMs <= 0) return;
  const sub = deps.redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false });
  const down = () => {
    cache.setRecheck(0);
    cache.invalidateAll();
  };
  sub.on('error', (err: Error) => deps.log.warn({ err: err.message }, 'feed change channel error'));
  sub.on('close', down);
  sub.on('message', (_channel: string, feedId: string) => cache.changed(feedId));
  const subscribe = () =>
    sub.subscribe(deps.rendered.changesChannel()).then(
      () => {
        // Messages sent while we were away are lost: distrust every copy once, then trust again.
        cache.invalidateAll();
        cache.setRecheck(trustMs);
      },
      (err: unknown) => deps.log.warn({ err }, 'could not subscribe to feed changes'),
    );
  sub.on('ready', () => void subscribe());
  app.addHook('onClose', async () => {
    sub.removeListener('close', down);
    await sub.quit().catch(() => sub.disconnect());
  });
}

/**
 * Registers the outbound feed routes; returns the in-memory fast path, which the HTTP server runs before
 * Fastify for every request (see app.ts).
 */
export function registerFeedRoutes(app: FastifyInstance, deps: ServerDeps): FastPaths {
  const byId = new Map(deps.config.feeds.map((f) => [f.id, f]));
  const cache = new FeedCache(deps.rendered, 0);
  watchChanges(app, deps, cache);
  const narrowed = new RenderCache<RenderedBytes>(30_000, 256);
  const tokens = deps.tokens ?? new TokenStore(deps.redis, deps.config.redis.prefix);
  const subscribers = deps.subscribers ?? new SubscriberStore(deps.redis, deps.config.redis.prefix);
  const publish = deps.publish ?? ((def: FeedDefinition) => publishFeed(def, { ...deps, log: deps.log }));
  const maxAge = Math.round(deps.config.server.feedMaxAgeMs / 1000);
  const renders = new Map<string, Promise<void>>();
  const tally = deps.feedTally ?? new FeedTally();

  /** Renders a feed nobody rendered yet: once per process, and once across processes (Redis lock). */
  async function renderOnce(def: FeedDefinition, format: FeedFormat): Promise<void> {
    if ((await deps.rendered.etag(def.id, format)) !== undefined) return;
    const lock = await deps.rendered.lock(def.id, LOCK_TTL_MS);
    if (lock === undefined) {
      for (const end = Date.now() + WAIT_FOR_OTHER_MS; Date.now() < end; ) {
        await new Promise((r) => setTimeout(r, 50));
        if ((await deps.rendered.etag(def.id, format)) !== undefined) return;
      }
      return;
    }
    try {
      if ((await deps.rendered.etag(def.id, format)) === undefined) await publish(def);
    } finally {
      await deps.rendered.unlock(def.id, lock);
    }
  }

  async function plainBytes(def: FeedDefinition, format: FeedFormat): Promise<RenderedBytes | undefined> {
    const bytes = await cache.get(def.id, format);
    if (bytes) return bytes;
    let p = renders.get(def.id);
    if (!p) {
      p = renderOnce(def, format).finally(() => renders.delete(def.id));
      renders.set(def.id, p);
    }
    await p;
    return cache.get(def.id, format);
  }

  async function narrowedBytes(def: FeedDefinition, format: FeedFormat, fq: FeedQuery, base: RenderedBytes, token?: string): Promise<RenderedBytes> {
    // The base ETag is in the key: a new publish of the feed retires every narrowed render of it. A document
    // whose links carry a partner's token is keyed by that token's hash: only that token's requests reach it.
    const tokenKey = token === undefined ? '' : `|t=${createHash('sha256').update(token).digest('base64url')}`;
    const key = `${def.id}.${format}|${queryKey(fq)}|${base.etag}${tokenKey}`;
    const carry: [string, string][] = token === undefined ? [] : [['token', token]];
    return narrowed.get(key, () => renderNarrowed(def, format, fq, base.lastModified, deps, carry));
  }

  async function send(req: FastifyRequest, reply: FastifyReply, bytes: RenderedBytes, lazy: boolean, headers: FeedHeaders) {
    const coding = chooseCoding(req.headers['accept-encoding'], lazy ? { gzip: true, br: true } : bytes);
    // Narrowed renders are compressed on first use and the result kept with them.
    const body = coding === 'identity' ? bytes.identity : (bytes[coding] ?? (bytes[coding] = await compressQuick(bytes.identity, coding)));
    reply.hijack();
    writeFeed(req.raw, reply.raw, bytes, coding, body, headers);
    return reply;
  }

  const common = new Map<string, FeedHeaders>();
  /** Cache-Control and Link of the plain feed, built once per (feed, format). */
  function headersOf(def: FeedDefinition, format: FeedFormat, self?: string): FeedHeaders {
    const key = `${def.id}.${format}`;
    let h = self === undefined ? common.get(key) : undefined;
    if (!h) {
      const url = self ?? feedUrl(deps.config.server.baseUrl, def.id, format);
      h = {
        cacheControl: `${def.access === 'token' ? 'private' : 'public'}, max-age=${maxAge}`,
        ...(def.hub !== undefined ? { link: `<${def.hub}>; rel="hub", <${url}>; rel="self"` } : {}),
      };
      if (self === undefined) common.set(key, h);
    }
    return h;
  }

  /** Only User-Agents that may carry a count are parsed (a cheap test on the hot path); writes are memoized. */
  function noteSubscribers(def: FeedDefinition, ua: string | undefined): void {
    if (ua !== undefined && /subscriber|reader/i.test(ua)) {
      subscribers.record(def.id, ua, deps.now()).catch((err: unknown) => deps.log.warn({ err }, 'could not record subscribers'));
    }
  }

  /** Every other request: access check, narrowing and paging, first renders, waiting for Redis. */
  async function serve(req: FastifyRequest, reply: FastifyReply, def: FeedDefinition, format: FeedFormat) {
    if (def.access === 'token') {
      const access = await checkFeedAccess(def, req, deps.config.server.adminToken, tokens, deps.now().getTime());
      if (!access.ok) return error(reply, access.status, access.code, access.message, access.headers);
      noteSubscribers(def, req.headers['user-agent']);
    }
    const fq = req.url.includes('?') ? parseFeedQuery(req.query, def.limit) : undefined;
    if (fq && 'error' in fq) return error(reply, 400, 'BAD_REQUEST', fq.error);
    const base = await plainBytes(def, format);
    if (!base) return error(reply, 503, 'NOT_READY', 'feed not rendered yet', { 'retry-after': '5' });
    // A partner that authenticated by ?token= gets paging links that carry it: rendered for its token, never
    // the shared pre-rendered bytes (whose links have no token).
    const token = fq && def.access === 'token' ? queryTokenOf(req) : undefined;
    if (!fq || (fq.plain && token === undefined)) return send(req, reply, base, false, headersOf(def, format));
    const bytes = await narrowedBytes(def, format, fq, base, token);
    return send(req, reply, bytes, true, headersOf(def, format, `${feedUrl(deps.config.server.baseUrl, def.id, format)}${queryString(fq.pairs)}`));
  }

  // An encapsulated scope with its own error handler: a failing feed request is logged with its URL
  // redacted (no token), instead of Fastify's default line that carries the raw request URL.
  app.register(async (scope) => {
    // No per-request child logger on the hot path (pino child creation with redaction costs more than the
    // rest of a 304); feed routes log rarely, and every line they log carries the redacted URL instead.
    scope.setChildLoggerFactory((logger) => logger);
    scope.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
      const status = err.statusCode !== undefined && err.statusCode >= 400 ? err.statusCode : 500;
      if (status >= 500) req.log.error({ err, url: redactedUrl(req.url) }, 'feed request failed');
      return error(reply, status, status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', status >= 500 ? 'internal error' : err.message);
    });
    // Responses of this route (not of the fast path, which counts its own) by feed, format and status.
    scope.addHook('onResponse', (req, reply, done) => {
      const m = FILE.exec((req.params as { file?: string } | undefined)?.file ?? '');
      if (m && byId.has(m[1] ?? '')) tally.slot(m[1]!, m[2]!).add(reply.statusCode);
      done();
    });
    // Synchronous fast path: a public, plain feed whose copy in memory is trusted is answered in the same
    // tick the request was parsed in, with no promise in between (the common case for a popular feed).
    scope.get<{ Params: { file: string } }>('/feeds/:file', (req, reply) => {
      const m = FILE.exec(req.params.file);
      const def = m ? byId.get(m[1] ?? '') : undefined;
      const format = m?.[2] as FeedFormat | undefined;
      if (!def || !format) return error(reply, 404, 'NOT_FOUND', 'no such feed');
      if (def.access === 'public' && !req.url.includes('?')) {
        noteSubscribers(def, req.headers['user-agent']);
        const bytes = cache.get(def.id, format);
        if (!(bytes instanceof Promise) && bytes !== undefined) {
          const coding = chooseCoding(req.headers['accept-encoding'], bytes);
          reply.hijack();
          writeFeed(req.raw, reply.raw, bytes, coding, coding === 'identity' ? bytes.identity : bytes[coding]!, headersOf(def, format));
          return;
        }
      }
      return serve(req, reply, def, format);
    });
  });
  return feedFastPaths({ feeds: deps.config.feeds, formats: FEED_FORMATS, cache, tally, headersOf, noteUserAgent: noteSubscribers });
}
