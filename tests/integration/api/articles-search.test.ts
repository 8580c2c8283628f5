/**
 * GET /api/articles on real Redis over loopback HTTP: newest first, filters by source, cluster, time range and
 * words, summary views only, cursor pages that reach every match exactly once by following `Link: rel="next"`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageSortedSet } from '../../../src/server/pagination.js';
import { SEARCH_SCAN_BUDGET } from '../../../src/server/articles-search.js';
import { startInstance, type Instance } from '../../helpers/instance.js';
import { deletePrefix, testRedis, uniquePrefix } from '../../helpers/redis.js';
import { seed, seedArticle } from '../syndicate/seed.js';

const TOKEN = 'operator-token';
let inst: Instance;

async function get(path: string, token: string | null = TOKEN) {
  const res = await fetch(`${inst.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as unknown, link: res.headers.get('link'), total: res.headers.get('x-total-count') };
}

/** Follows `Link: rel="next"` from `path` to the end; returns every id and the number of pages. */
async function walk(path: string): Promise<{ ids: string[]; pages: number }> {
  const out: string[] = [];
  let next: string | null = path;
  let pages = 0;
  while (next) {
    const res = await get(next);
    expect(res.status).toBe(200);
    out.push(...(res.body as { id: string }[]).map((a) => a.id));
    next = res.link ? /^<([^>]+)>; rel="next"$/.exec(res.link)![1]! : null;
    pages++;
  }
  return { ids: out, pages };
}

const id = (n: number) => `art-${String(n).padStart(4, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeAll(async () => {
  inst = await startInstance({ http: true, env: { FEEDMILL_ADMIN_TOKEN: TOKEN } });
  // 1..30 from "wire", 31..40 from "desk"; 35..40 share one cluster; 12 and 24 mention a "Volcano".
  await seed(inst.rt.deps.articles, [
    ...range(1, 30).map((n) => seedArticle(n, n % 12 === 0 ? { title: `Volcano erupts ${n}`, summary: 'Lava.', contentText: 'Lava flows.' } : {})),
    ...range(31, 40).map((n) => seedArticle(n, { sourceId: 'desk', siteName: 'Desk', ...(n >= 35 ? { clusterId: id(35) } : {}) })),
  ]);
});
afterAll(async () => {
  await inst?.close();
});

describe('GET /api/articles', () => {
  it('lists summaries newest first, with the total', async () => {
    const res = await get('/api/articles?limit=3');
    expect(res.status).toBe(200);
    expect(res.total).toBe('40');
    expect(res.body).toEqual([40, 39, 38].map((n) => ({
      id: id(n),
      url: `https://news.example.com/story/${n}`,
      title: `Story ${n}`,
      sourceId: 'desk',
      siteName: 'Desk',
      publishedAt: new Date(Date.UTC(2026, 2, 1, 0, n)).toISOString(),
      fetchedAt: new Date(Date.UTC(2026, 2, 1, 0, n)).toISOString(),
      updatedAt: null,
      clusterId: id(35),
    })));
    expect(res.link).toMatch(/^<\/api\/articles\?limit=3&cursor=[A-Za-z0-9_-]+>; rel="next"$/);
  });

  it('reaches every article exactly once by following next links', async () => {
    const all = await walk('/api/articles?limit=7');
    expect(all.ids).toEqual(range(1, 40).reverse().map(id));
    expect(all.pages).toBe(6);
  });

  it.each([
    ['source', '/api/articles?source=desk', range(31, 40).reverse(), '10'],
    ['since (inclusive)', '/api/articles?since=2026-03-01T00:38:00Z', [40, 39, 38], '3'],
    ['until (exclusive)', '/api/articles?until=2026-03-01T00:03:00Z', [2, 1], '2'],
    ['range and source', '/api/articles?source=wire&since=2026-03-01T00:10:00Z&until=2026-03-01T00:12:00', [11, 10], '2'],
    ['bare date', '/api/articles?since=2026-03-02', [], '0'],
    ['cluster', '/api/articles?cluster=art-0035', range(35, 40).reverse(), null],
    ['words, case-insensitive', '/api/articles?q=VOLCANO', [24, 12], null],
    ['every word must match', '/api/articles?q=volcano%2024', [24], null],
    ['words within a source', '/api/articles?q=story&source=desk&limit=2', [40, 39], null],
  ])('filters by %s', async (_name, path, want, total) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect((res.body as { id: string }[]).map((a) => a.id)).toEqual(want.map(id));
    expect(res.total).toBe(total);
  });

  it('pages a filtered search too', async () => {
    const all = await walk('/api/articles?q=story&limit=15');
    expect(all.ids).toEqual(range(1, 40).reverse().filter((n) => n !== 12 && n !== 24).map(id));
    expect(all.pages).toBe(3);
  });

  it.each([
    ['/api/articles?since=yesterday', 'since: must be an ISO 8601 date or date-time'],
    ['/api/articles?until=2026-13-45', 'until: must be an ISO 8601 date or date-time'],
    ['/api/articles?since=2026-03-02&until=2026-03-01', 'until: must be after since'],
    ['/api/articles?limit=5000', 'limit: must be between 1 and 1000'],
    ['/api/articles?cursor=abc', 'cursor: is not a cursor this API issued'],
    [`/api/articles?q=${range(0, 10).map((n) => `w${n}`).join('%20')}`, 'q: at most 10 words'],
  ])('refuses %s naming the field', async (path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect((res.body as { error: { code: string; message: string } }).error.code).toBe('BAD_REQUEST');
    expect((res.body as { error: { message: string } }).error.message).toContain(message);
  });

  it('needs the operator token', async () => {
    const res = await get('/api/articles', null);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'missing or wrong bearer token' } });
  });

  it('never puts a ?token= into its links', async () => {
    const res = await get(`/api/articles?limit=5&token=${TOKEN}`, null);
    expect(res.status).toBe(200);
    expect(res.link).not.toContain(TOKEN);
  });
});

describe('pageSortedSet', () => {
  it('walks ties in score exactly once, and stops a filtered scan at its budget with a cursor', async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('zpage');
    const key = `${prefix}:z`;
    try {
      // 30 members, 10 distinct scores: ties across page boundaries.
      for (let i = 0; i < 30; i++) await redis.zadd(key, Math.floor(i / 3), `m${String(i).padStart(2, '0')}`);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await pageSortedSet(redis, key, cursor ? { limit: 4, cursor } : { limit: 4 });
        expect(page.total).toBe(30);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      const expected = (await redis.zrevrange(key, 0, -1));
      expect(seen).toEqual(expected);

      // A filter that keeps nothing: the scan stops at its budget and hands back a cursor to go on from.
      const none = await pageSortedSet<string>(redis, key, { limit: 4 }, { select: async (ms) => ms.map(() => undefined), scanBudget: 10 });
      expect(none.items).toEqual([]);
      expect(none.nextCursor).toBeDefined();
      const rest = await pageSortedSet<string>(redis, key, { limit: 100, cursor: none.nextCursor! }, { select: async (ms) => ms });
      expect(rest.items).toEqual(expected.slice(10));
      expect(rest.nextCursor).toBeUndefined();
    } finally {
      await deletePrefix(redis, prefix);
      await redis.quit();
    }
  });

  it('has a scan budget for searches', () => {
    expect(SEARCH_SCAN_BUDGET).toBe(2000);
  });
});
