/**
 * The in-memory fast path of outbound feeds, in front of Fastify: a GET or HEAD of a public feed's plain URL
 * (no query string) whose rendered copy in memory is trusted is answered from Node's raw request in the tick
 * it was parsed in — no Fastify request or reply, routing, hooks, child logger, promise or Redis call. Anything
 * else (a query string, a token feed, a copy that must be checked against Redis first, another path) is left
 * to Fastify's routes. Request counting is one increment on a slot the route already holds (see FeedTally).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FeedDefinition } from '../model/source.js';
import type { RenderedBytes } from '../store/rendered.js';
import type { FeedFormat } from '../syndicate/index.js';
import type { FeedCache } from './feed-cache.js';
import { writeFeed, type FeedHeaders } from './feed-response.js';
import type { FeedTally, FeedTallySlot } from './feed-tally.js';
import { chooseCoding } from './negotiate.js';

/** Answers a request when it can (true), else leaves it untouched (false). */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

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

/** Writes the trusted memory copy of a route's feed; false when there is none (Fastify then takes over). */
function answer(route: Route, bytes: RenderedBytes | Promise<RenderedBytes | undefined> | undefined, req: IncomingMessage, res: ServerResponse): boolean {
  if (bytes === undefined || bytes instanceof Promise) return false;
  const coding = chooseCoding(req.headers['accept-encoding'], bytes);
  const body = coding === 'identity' ? bytes.identity : bytes[coding];
  if (body === undefined) return false;
  route.tally.add(writeFeed(req, res, bytes, coding, body, route.headers));
  return true;
}

/** Builds the fast path over the public feeds' plain URLs. */
export function feedFastPath(d: FastPathDeps): FastPath {
  // One Map lookup on the raw URL routes a request: a URL with a query string or any other spelling misses.
  const routes = new Map<string, Route>();
  for (const def of d.feeds) {
    if (def.access !== 'public') continue;
    for (const format of d.formats) {
      routes.set(`/feeds/${def.id}.${format}`, { def, format, headers: d.headersOf(def, format), tally: d.tally.slot(def.id, format) });
    }
  }
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const route = routes.get(req.url ?? '');
    if (route === undefined) return false;
    if (!answer(route, d.cache.get(route.def.id, route.format), req, res)) return false;
    d.noteUserAgent(route.def, req.headers['user-agent']);
    return true;
  };
}
