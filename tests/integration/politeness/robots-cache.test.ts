import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFetcher } from '../../../src/fetch/index.js';
import { RobotsCache, robotsFetcher, type FetchRobots } from '../../../src/fetch/robots.js';
import { FeedmillError } from '../../../src/model/errors.js';
import { startServer, type TestServer } from '../../helpers/http.js';
import { deletePrefix, testRedis, uniquePrefix } from '../../helpers/redis.js';

const UA = 'feedmill/0.1 (+https://github.com/feedmill/feedmill)';
const MIN = 60_000;
const H = 60 * MIN;

let redis: Redis;
let prefix: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(() => {
  redis = testRedis();
});
beforeEach(() => {
  prefix = uniquePrefix('robots');
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
  await deletePrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
});

/** A fake fetchRobots answering `answer` and counting calls per origin. */
function fake(answer: (origin: string) => { status: number; body: string } | Error) {
  const calls: string[] = [];
  const fetchRobots: FetchRobots = async (origin) => {
    calls.push(origin);
    await new Promise((r) => setImmediate(r));
    const a = answer(origin);
    if (a instanceof Error) throw a;
    return a;
  };
  return { calls, fetchRobots };
}

describe('RobotsCache', () => {
  it('several processes asking at once fetch an origin\'s file once (a Redis lock, not only in-process single flight)', async () => {
    const calls: string[] = [];
    const slow: FetchRobots = async (origin) => {
      calls.push(origin);
      await new Promise((r) => setTimeout(r, 150));
      return { status: 200, body: 'User-agent: *\nDisallow: /private\n' };
    };
    // Three caches stand for three worker threads or processes: each has its own in-process map.
    const caches = [0, 1, 2].map(() => new RobotsCache(redis, prefix, slow));
    const verdicts = await Promise.all(caches.map((c, i) => c.check(`https://wire.test/${i % 2 ? 'private/' : ''}x${i}`, UA)));
    expect(calls).toEqual(['https://wire.test']);
    expect(verdicts.map((v) => v.allowed)).toEqual([true, false, true]);
  });

  it('200: parses, applies the rules and caches them per origin for 24 h', async () => {
    const f = fake(() => ({ status: 200, body: 'User-agent: *\nDisallow: /private\nCrawl-delay: 2\n' }));
    const cache = new RobotsCache(redis, prefix, f.fetchRobots);
    expect(await cache.check('https://news.test/private/a?x=1', UA)).toEqual({ allowed: false, crawlDelayMs: 2000, state: 'parsed' });
    expect(await cache.check('https://news.test/world/b', UA)).toEqual({ allowed: true, crawlDelayMs: 2000, state: 'parsed' });
    expect(f.calls).toEqual(['https://news.test']);
    const ttl = await redis.pttl(`${prefix}:robots:https://news.test`);
    expect(ttl).toBeGreaterThan(23 * H);
    expect(ttl).toBeLessThanOrEqual(24 * H);
  });

  it('is shared through Redis: a second cache (another worker) does not fetch again', async () => {
    const f = fake(() => ({ status: 200, body: 'User-agent: *\nDisallow: /x\n' }));
    await new RobotsCache(redis, prefix, f.fetchRobots).check('https://a.test/', UA);
    const g = fake(() => new Error('must not be called'));
    expect((await new RobotsCache(redis, prefix, g.fetchRobots).check('https://a.test/x', UA)).allowed).toBe(false);
    expect(g.calls).toEqual([]);
  });

  it('scheme, host and port are separate origins (RFC 9309 §2.3)', async () => {
    const f = fake((o) => ({ status: 200, body: o === 'https://a.test' ? 'User-agent: *\nDisallow: /\n' : '' }));
    const cache = new RobotsCache(redis, prefix, f.fetchRobots);
    expect((await cache.check('https://a.test/p', UA)).allowed).toBe(false);
    expect((await cache.check('http://a.test/p', UA)).allowed).toBe(true);
    expect((await cache.check('https://a.test:8443/p', UA)).allowed).toBe(true);
    expect(f.calls).toEqual(['https://a.test', 'http://a.test', 'https://a.test:8443']);
  });

  it.each<[string, { status: number; body: string } | Error, boolean, string, number, number]>([
    ['404 → allow all', { status: 404, body: 'not found' }, true, 'unavailable', 23 * H, 24 * H],
    ['401 → allow all', { status: 401, body: '' }, true, 'unavailable', 23 * H, 24 * H],
    ['an unfollowed 3xx → allow all', { status: 302, body: '' }, true, 'unavailable', 23 * H, 24 * H],
    ['500 → disallow all for 10 min', { status: 500, body: '' }, false, 'unreachable', 9 * MIN, 10 * MIN],
    ['503 → disallow all for 10 min', { status: 503, body: '' }, false, 'unreachable', 9 * MIN, 10 * MIN],
    ['429 → disallow all for 10 min, as Google does', { status: 429, body: '' }, false, 'unreachable', 9 * MIN, 10 * MIN],
    ['network error → disallow all for 10 min', new FeedmillError('fetch', 'CONNECT', 'refused'), false, 'unreachable', 9 * MIN, 10 * MIN],
    ['too many redirects → allow all (§2.3.1.2)', new FeedmillError('fetch', 'TOO_MANY_REDIRECTS', '6 hops'), true, 'unavailable', 23 * H, 24 * H],
  ])('%s', async (_name, answer, allowed, state, ttlMin, ttlMax) => {
    const cache = new RobotsCache(redis, prefix, fake(() => answer).fetchRobots);
    expect(await cache.check('https://site.test/news/1', UA)).toEqual({ allowed, state });
    const ttl = await redis.pttl(cache.key('https://site.test'));
    expect(ttl).toBeGreaterThan(ttlMin);
    expect(ttl).toBeLessThanOrEqual(ttlMax);
  });

  it('honours the ttl options', async () => {
    const cache = new RobotsCache(redis, prefix, fake(() => ({ status: 500, body: '' })).fetchRobots, { ttlMs: H, errorTtlMs: 30_000 });
    await cache.check('https://s.test/', UA);
    const ttl = await redis.pttl(cache.key('https://s.test'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('fetches again once the entry is gone (expired or forgotten)', async () => {
    let status = 503;
    const f = fake(() => ({ status, body: 'User-agent: *\nDisallow: /x\n' }));
    const cache = new RobotsCache(redis, prefix, f.fetchRobots);
    expect((await cache.check('https://s.test/y', UA)).allowed).toBe(false);
    status = 200;
    await cache.forget('https://s.test');
    expect(await cache.check('https://s.test/y', UA)).toEqual({ allowed: true, state: 'parsed' });
    expect(f.calls).toHaveLength(2);
  });

  it('simultaneous checks of one origin fetch it once', async () => {
    const f = fake(() => ({ status: 200, body: '' }));
    const cache = new RobotsCache(redis, prefix, f.fetchRobots);
    await Promise.all(Array.from({ length: 10 }, (_, i) => cache.check(`https://s.test/${i}`, UA)));
    expect(f.calls).toHaveLength(1);
  });

  it('a corrupt cache entry is refetched', async () => {
    const f = fake(() => ({ status: 200, body: 'User-agent: *\nDisallow: /\n' }));
    const cache = new RobotsCache(redis, prefix, f.fetchRobots);
    await redis.set(cache.key('https://s.test'), '{not json');
    expect((await cache.check('https://s.test/a', UA)).allowed).toBe(false);
    expect(f.calls).toHaveLength(1);
  });

  it('rejects a malformed URL with BAD_URL', async () => {
    const cache = new RobotsCache(redis, prefix, fake(() => ({ status: 200, body: '' })).fetchRobots);
    await expect(cache.check('not a url', UA)).rejects.toMatchObject({ code: 'BAD_URL' });
  });
});

describe('robotsFetcher on a loopback server', () => {
  async function serve(routes: Parameters<typeof startServer>[0]): Promise<{ srv: TestServer; cache: RobotsCache }> {
    const srv = await startServer(routes);
    const fetcher = createFetcher({ timeoutMs: 5_000, allow: [`127.0.0.1:${srv.port}`] });
    cleanups.push(() => srv.close(), () => fetcher.close());
    return { srv, cache: new RobotsCache(redis, prefix, robotsFetcher(fetcher)) };
  }

  it('reads /robots.txt as UTF-8, following a redirect', async () => {
    const { srv, cache } = await serve({
      '/robots.txt': (_req, res) => {
        res.writeHead(301, { location: '/real-robots.txt' }).end();
      },
      '/real-robots.txt': (_req, res) => {
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end('User-agent: feedmill\nDisallow: /ツ\n');
      },
    });
    expect((await cache.check(`${srv.url}/ツ/1`, UA)).allowed).toBe(false);
    expect((await cache.check(`${srv.url}/news`, UA)).allowed).toBe(true);
    expect(srv.hits).toEqual(['GET /robots.txt', 'GET /real-robots.txt']);
  });

  it('a 404 allows all, a 503 disallows all', async () => {
    const { srv, cache } = await serve({});
    expect(await cache.check(`${srv.url}/a`, UA)).toEqual({ allowed: true, state: 'unavailable' });
    const down = await serve({ '/robots.txt': (_req, res) => void res.writeHead(503).end() });
    expect(await down.cache.check(`${down.srv.url}/a`, UA)).toEqual({ allowed: false, state: 'unreachable' });
  });

  it('a refused connection disallows all', async () => {
    const { srv, cache } = await serve({});
    const url = srv.url;
    await srv.close();
    expect(await cache.check(`${url}/a`, UA)).toEqual({ allowed: false, state: 'unreachable' });
  });
});
