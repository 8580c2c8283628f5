/**
 * RFC 5005 paging on real Redis: walks over `next` (and `previous`) reach every item of a feed exactly
 * once, also when articles arrive during the walk and when a cursor's offset hint is stale; `since`
 * bounds a catch-up walk; narrowing parameters ride along on every link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../../src/model/article.js';
import type { FeedDefinition } from '../../../src/model/source.js';
import { decodeCursor, encodeCursor, selectPage, type Cursor } from '../../../src/pipeline/select.js';
import { ArticleStore } from '../../../src/store/index.js';
import { startInstance, type Instance } from '../../helpers/instance.js';
import { deletePrefix, testRedis, uniquePrefix } from '../../helpers/redis.js';
import { seed, seedArticle } from './seed.js';

const DEF: FeedDefinition = { id: 'all', title: 'All', filter: {}, limit: 10, content: 'summary', access: 'public' };

/** 57 stories, two of which are near-duplicates of earlier ones (their cluster heads are in the feed). */
function corpus(): Article[] {
  const list = Array.from({ length: 57 }, (_, i) => seedArticle(i + 1));
  list[40] = seedArticle(41, { clusterId: 'art-0003' });
  list[50] = seedArticle(51, { clusterId: 'art-0020' });
  return list;
}
const expectedIds = (list: readonly Article[]) =>
  list.filter((a) => a.id === a.clusterId).map((a) => a.id).reverse();

async function walkOlder(store: ArticleStore, def: FeedDefinition, opts: { sinceMs?: number; onPage?: (n: number) => Promise<void> } = {}): Promise<string[]> {
  const seen: string[] = [];
  let before: Cursor | undefined;
  for (let n = 0; n < 100; n++) {
    const page = await selectPage(def, store, {
      limit: def.limit,
      ...(before ? { before } : {}),
      ...(opts.sinceMs !== undefined ? { narrowing: { sinceMs: opts.sinceMs } } : {}),
    });
    seen.push(...page.articles.map((a) => a.id));
    await opts.onPage?.(n);
    if (!page.older) return seen;
    before = page.older;
  }
  throw new Error('walk did not end');
}

describe('selectPage walks', () => {
  const redis = testRedis();
  let prefix: string;
  let store: ArticleStore;

  beforeAll(async () => {
    prefix = uniquePrefix('paging');
    store = new ArticleStore(redis, prefix);
    await seed(store, corpus());
  });
  afterAll(async () => {
    await deletePrefix(redis, `${prefix}:`);
    await redis.quit();
  });

  it('following next reaches every item exactly once, newest first, one item per story', async () => {
    const seen = await walkOlder(store, DEF);
    expect(seen).toEqual(expectedIds(corpus()));
  });

  it('articles published during the walk do not shift it (keyset cursors)', async () => {
    const p2 = uniquePrefix('paging-live');
    const live = new ArticleStore(redis, p2);
    await seed(live, corpus());
    const seen = await walkOlder(live, DEF, {
      onPage: async (n) => {
        if (n < 3) await live.save(seedArticle(1000 + n));
      },
    });
    expect(seen).toEqual(expectedIds(corpus()));
    await deletePrefix(redis, `${p2}:`);
  });

  it('a stale offset hint in a cursor still lands on the right page', async () => {
    const first = await selectPage(DEF, store, { limit: 10 });
    const real = first.older!;
    const want = (await selectPage(DEF, store, { limit: 10, before: real })).articles.map((a) => a.id);
    for (const offset of [0, 3, 30, 500]) {
      const stale = decodeCursor(encodeCursor({ ...real, offset }))!;
      expect((await selectPage(DEF, store, { limit: 10, before: stale })).articles.map((a) => a.id)).toEqual(want);
    }
  });

  it('following previous from the last page reaches every item exactly once, oldest page first', async () => {
    const seen: string[] = [];
    let page = await selectPage(DEF, store, { limit: 10, after: 'start' });
    for (let n = 0; n < 100; n++) {
      seen.unshift(...page.articles.map((a) => a.id));
      if (!page.newer) break;
      page = await selectPage(DEF, store, { limit: 10, after: page.newer });
    }
    expect(seen).toEqual(expectedIds(corpus()));
  });

  it('since bounds a catch-up walk to the articles at or after the date', async () => {
    const sinceMs = Date.parse(seedArticle(30).publishedAt!);
    const seen = await walkOlder(store, DEF, { sinceMs });
    expect(seen).toEqual(expectedIds(corpus()).filter((id) => Number(id.slice(4)) >= 30));
  });

  it('maxAge and a tiny scan budget still give a complete walk (short pages, cursor at the scan stop)', async () => {
    const nowMs = Date.parse(seedArticle(57).publishedAt!);
    const def: FeedDefinition = { ...DEF, filter: { maxAgeMs: 20 * 60_000, categories: ['even'] } };
    const seen: string[] = [];
    let before: Cursor | undefined;
    for (let n = 0; n < 100; n++) {
      const page = await selectPage(def, store, { limit: 3, nowMs, maxScan: 4, ...(before ? { before } : {}) });
      seen.push(...page.articles.map((a) => a.id));
      if (!page.older) break;
      before = page.older;
    }
    const want = expectedIds(corpus()).filter((id) => Number(id.slice(4)) >= 37 && Number(id.slice(4)) % 2 === 0);
    expect(seen).toEqual(want);
  });

  it.each([
    ['url', 57],
    ['off', 57],
    ['cluster', 55],
  ] as const)('dedupe: %s keeps %i items', async (dedupe, n) => {
    const seen = await walkOlder(store, { ...DEF, dedupe });
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
  });
});

describe('paged feeds over HTTP', () => {
  let inst: Instance;
  beforeAll(async () => {
    inst = await startInstance({ http: true, feeds: [{ id: 'all', title: 'All', limit: 10, content: 'summary' }] });
    await seed(inst.rt.deps.articles, corpus());
  });
  afterAll(async () => {
    await inst?.close();
  });

  it('JSON Feed: following next_url reaches every item exactly once', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${inst.url}/feeds/all.json`;
    for (let n = 0; url && n < 50; n++) {
      const res = await fetch(url.replace(inst.config.server.baseUrl, inst.url!));
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { items: { id: string }[]; next_url?: string };
      seen.push(...doc.items.map((i) => i.id));
      url = doc.next_url;
    }
    expect(seen).toEqual(expectedIds(corpus()).map((id) => `https://news.example.com/story/${Number(id.slice(4))}`));
  });

  it('Atom: rel=next walk with narrowing (?category=, ?limit=) keeps the narrowing on every page', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${inst.url}/feeds/all.atom?category=Odd&limit=4`;
    for (let n = 0; url && n < 50; n++) {
      const body: string = await (await fetch(url.replace(inst.config.server.baseUrl, inst.url!))).text();
      seen.push(...[...body.matchAll(/<entry[^>]*>\s*<title>Story (\d+)<\/title>/g)].map((m) => m[1]!));
      expect(body).toContain('rel="first" href="http://localhost:');
      const next: string | undefined = /<link rel="next" href="([^"]+)"\/>/.exec(body)?.[1];
      if (next) expect(next).toContain('category=Odd&amp;limit=4');
      url = next?.replace(/&amp;/g, '&');
    }
    const odd = expectedIds(corpus()).map((id) => Number(id.slice(4))).filter((n) => n % 2 === 1).map(String);
    expect(seen).toEqual(odd);
  });

  it('?since= gives the catch-up slice; ?q= narrows by words', async () => {
    const since = encodeURIComponent(seedArticle(50).publishedAt!);
    const doc = (await (await fetch(`${inst.url}/feeds/all.json?since=${since}`)).json()) as { items: { title: string }[] };
    expect(doc.items.map((i) => i.title)).toEqual(['Story 57', 'Story 56', 'Story 55', 'Story 54', 'Story 53', 'Story 52', 'Story 50']);
    const q = (await (await fetch(`${inst.url}/feeds/all.json?q=story%2012.`)).json()) as { items: { title: string }[] };
    expect(q.items.map((i) => i.title)).toEqual(['Story 12']);
    expect((await fetch(`${inst.url}/feeds/all.json?since=never`)).status).toBe(400);
  });
});
