/**
 * The in-memory fast path of outbound feeds, in front of Fastify: a GET or HEAD of a public feed's plain URL
 * (no query string) whose rendered copy in memory is trusted is answered in the tick it was read in — no
 * Fastify request or reply, routing, hooks, child logger, promise or Redis call. Two entry points share the
 * routing and the answer: `wire`, for requests read off the raw socket (wire.ts), and `http`, for those node:http
 * parsed (connections the wire side handed over). Anything else (a query string, a token feed, a copy that must
 * be checked against Redis first, another path) is left to Fastify's routes. Request counting is one increment
 * on a slot the route already holds (see FeedTally).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FeedDefinition } from '../model/source.js';
import type { FeedFormat } from '../syndicate/index.js';
import type { FeedCache } from './feed-cache.js';
import { wireFeed, writeFeed, type FeedHeaders } from './feed-response.js';
import type { FeedTally, FeedTallySlot } from './feed-tally.js';
import { chooseCoding } from './negotiate.js';
import type { WireHandler } from './wire.js';

/** Answers a request when it can (true), else leaves it untouched (false). */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The fast path on both sides of node:http: on the raw socket (wire.ts), and on node:http's parsed request. */
export interface FastPaths {
  http: FastPath;
  wire: WireHandler;
}

interface Route {
  def: FeedDefinition;
  format: FeedFormat;
  headers: FeedHeaders;
  tally: FeedTallySlot;
}

/** What the fast path needs from the feed routes. */
export interface FastPathDeps {
  feeds: readonly FeedDefinition[];
  formats: readonly FeedFormat[];
  cache: FeedCache;
  tally: FeedTally;
  headersOf: (def: FeedDefinition, format: FeedFormat) => FeedHeaders;
  /** Called with each answered request's User-Agent (subscriber counts). */
  noteUserAgent: (def: FeedDefinition, userAgent: string | undefined) => void;
}

/** The route of `url` and its trusted memory copy in the coding the request accepts, if there are both. */
function pick(routes: ReadonlyMap<string, Route>, url: string, cache: FeedCache, acceptEncoding: string | undefined) {
  const route = routes.get(url);
  if (route === undefined) return undefined;
  const bytes = cache.get(route.def.id, route.format);
  if (bytes === undefined || bytes instanceof Promise) return undefined;
  const coding = chooseCoding(acceptEncoding, bytes);
  const body = coding === 'identity' ? bytes.identity : bytes[coding];
  return body === undefined ? undefined : { route, bytes, coding, body };
}

/** Builds the fast paths over the public feeds' plain URLs. */
export function feedFastPaths(d: FastPathDeps): FastPaths {
  // One Map lookup on the raw URL routes a request: a URL with a query string or any other spelling misses.
  const routes = new Map<string, Route>();
  for (const def of d.feeds) {
    if (def.access !== 'public') continue;
    for (const format of d.formats) {
      routes.set(`/feeds/${def.id}.${format}`, { def, format, headers: d.headersOf(def, format), tally: d.tally.slot(def.id, format) });
    }
  }
  const http: FastPath = (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const got = pick(routes, req.url ?? '', d.cache, req.headers['accept-encoding']);
    if (got === undefined) return false;
    got.route.tally.add(writeFeed(req, res, got.bytes, got.coding, got.body, got.route.headers));
    d.noteUserAgent(got.route.def, req.headers['user-agent']);
    return true;
  };
  const wire: WireHandler = (req) => {
    const got = pick(routes, req.url, d.cache, req.headers['accept-encoding']);
    if (got === undefined) return undefined;
    const sent = wireFeed(req, got.bytes, got.coding, got.body, got.route.headers);
    if (sent === undefined) return undefined;
    got.route.tally.add(sent.status);
    d.noteUserAgent(got.route.def, req.headers['user-agent']);
    return sent.answer;
  };
  return { http, wire };
}
