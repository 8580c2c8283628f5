/** The cluster member index and revision history on real Redis: written with the article, read in one round trip, removed by retention. */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLshIndex, type LshIndex } from '../../../src/dedup/index.js';
import type { Article } from '../../../src/model/article.js';
import { MAX_RELATED, relatedLinks } from '../../../src/pipeline/related.js';
import { reindexDedup } from '../../../src/pipeline/reindex.js';
import { ArticleStore, MAX_REVISIONS, storeKeys } from '../../../src/store/index.js';
import { applyRetention } from '../../../src/store/retention.js';
import { deletePrefix, testRedis, uniquePrefix } from '../../helpers/redis.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12);

function article(id: string, over: Partial<Article> = {}): Article {
  return {
    id,
    url: `https://${id}.example/story`,
    sourceId: id,
    title: `Story at ${id}`,
    authors: [],
    categories: [],
    enclosures: [],
    wordCount: 10,
    publishedAt: new Date(NOW - DAY).toISOString(),
    fetchedAt: new Date(NOW - DAY).toISOString(),
    contentHash: `hash-${id}`,
    fingerprint: '0000000000000000',
    clusterId: id,
    ...over,
  };
}

let redis: Redis;
let prefix: string;
let store: ArticleStore;
let lsh: LshIndex;

beforeEach(() => {
  redis = testRedis();
  prefix = uniquePrefix('clix');
  store = new ArticleStore(redis, prefix);
  lsh = createLshIndex(redis, storeKeys(prefix).lsh);
});
afterEach(async () => {
  await deletePrefix(redis, `${prefix}:`);
  await redis.quit();
});

describe('cluster member index', () => {
  it('is written with each article, scored by first-seen time; saving again keeps the first score', async () => {
    const head = article('head', { fetchedAt: new Date(NOW - 3 * DAY).toISOString() });
    const copy = article('copy', { clusterId: 'head', fetchedAt: new Date(NOW - 2 * DAY).toISOString() });
    await store.save(copy);
    await store.save(head);
    await store.save({ ...copy, title: 'Edited', fetchedAt: new Date(NOW).toISOString() });
    expect(await redis.zrange(storeKeys(prefix).cluster('head'), 0, -1, 'WITHSCORES')).toEqual([
      'head', String(NOW - 3 * DAY), 'copy', String(NOW - 2 * DAY),
    ]);
    expect(await store.clusterMembers(['head', 'head', 'none'], 10)).toEqual(new Map([['head', ['head', 'copy']], ['none', []]]));
    expect(await store.clusterSize('head')).toBe(2);
  });

  it('relatedLinks lists the other members, first seen first, with site names; lone articles get nothing', async () => {
    const head = article('head', { siteName: 'Head Times', fetchedAt: new Date(NOW - 3 * DAY).toISOString() });
    const a = article('a', { clusterId: 'head', siteName: 'A Daily', fetchedAt: new Date(NOW - 2 * DAY).toISOString() });
    const b = article('b', { clusterId: 'head' });
    const lone = article('lone');
    for (const x of [b, lone, a, head]) await store.save(x);
    const links = await relatedLinks(store, [head, lone, b]);
    expect(links.get('head')).toEqual([
      { url: a.url, sourceId: 'a', siteName: 'A Daily' },
      { url: b.url, sourceId: 'b' },
    ]);
    expect(links.get('b')).toEqual([
      { url: head.url, sourceId: 'head', siteName: 'Head Times' },
      { url: a.url, sourceId: 'a', siteName: 'A Daily' },
    ]);
    expect(links.has('lone')).toBe(false);
  });

  it('relatedLinks names a cluster head missing from the index (clusters formed before it) and caps the list', async () => {
    const head = article('head', { fetchedAt: new Date(NOW - 9 * DAY).toISOString() });
    await redis.set(storeKeys(prefix).article('head'), JSON.stringify(head)); // stored the old way: no index entry
    const copies = Array.from({ length: MAX_RELATED + 5 }, (_, i) =>
      article(`c${String(i).padStart(2, '0')}`, { clusterId: 'head', fetchedAt: new Date(NOW - DAY + i).toISOString() }),
    );
    for (const c of copies) await store.save(c);
    const links = await relatedLinks(store, [copies[3]!]);
    expect(links.get('c03')).toHaveLength(MAX_RELATED);
    expect(links.get('c03')![0]!.sourceId).toBe('head');
    expect(links.get('c03')!.map((l) => l.sourceId)).not.toContain('c03');
  });

  it('retention removes a deleted member from its cluster (and its revisions); the others still list each other', async () => {
    const head = article('head', { fetchedAt: new Date(NOW - 3 * DAY).toISOString() });
    const old = article('old', { clusterId: 'head', publishedAt: new Date(NOW - 200 * DAY).toISOString() });
    const young = article('young', { clusterId: 'head' });
    for (const x of [head, old, young]) await store.save(x);
    const tx = store.multi();
    store.addRevision(tx, 'old', { title: 'Before', contentHash: 'h0', at: new Date(NOW).toISOString() });
    await tx.exec();
    expect((await relatedLinks(store, [head])).get('head')!.map((l) => l.sourceId)).toEqual(['old', 'young']);

    const res = await applyRetention(redis, prefix, { maxAgeMs: 90 * DAY, maxPerSource: 0, now: NOW }, lsh);
    expect(res.deleted).toBe(1);
    expect(await redis.zrange(storeKeys(prefix).cluster('head'), 0, -1)).toEqual(['head', 'young']);
    expect(await redis.exists(storeKeys(prefix).revisions('old'))).toBe(0);
    expect((await relatedLinks(store, [head])).get('head')!.map((l) => l.sourceId)).toEqual(['young']);
  });

  it('the last member deleted takes the cluster key with it', async () => {
    await store.save(article('solo', { publishedAt: new Date(NOW - 200 * DAY).toISOString() }));
    await applyRetention(redis, prefix, { maxAgeMs: 90 * DAY, maxPerSource: 0, now: NOW }, lsh);
    expect(await redis.exists(storeKeys(prefix).cluster('solo'))).toBe(0);
  });
});

describe('dedup reindex', () => {
  it('puts stored articles back into the near-duplicate and cluster member indexes, keeping their clusters', async () => {
    const fp = '0123456789abcdef';
    const head = article('head', { fingerprint: fp, contentText: 'wire story body '.repeat(30), fetchedAt: new Date(NOW - 2 * DAY).toISOString() });
    const copy = article('copy', { fingerprint: fp, contentText: 'wire story body '.repeat(30), clusterId: 'head' });
    const lone = article('lone', { fingerprint: 'fedcba9876543210' });
    for (const a of [head, copy, lone]) await store.save(a);
    // As left by an older version: no member index, and near-duplicate entries under other settings.
    const k = storeKeys(prefix);
    await redis.del(k.cluster('head'), k.cluster('lone'));
    expect(await lsh.candidates(fp)).toEqual([]);
    const res = await reindexDedup({ articles: store, nearDup: lsh });
    expect(res).toEqual({ articles: 3, indexed: 3, clustered: 1 });
    expect(await redis.zrange(k.cluster('head'), 0, -1)).toEqual(['head', 'copy']);
    expect((await lsh.candidates(fp)).sort()).toEqual(['copy', 'head']);
    expect((await store.get('copy'))?.clusterId).toBe('head');
    expect(await reindexDedup({ articles: store, nearDup: lsh })).toEqual(res);
  });
});

describe('revision history', () => {
  it(`keeps the last ${MAX_REVISIONS} versions, newest first`, async () => {
    await store.save(article('r'));
    for (let i = 0; i < MAX_REVISIONS + 3; i++) {
      const tx = store.multi();
      store.addRevision(tx, 'r', { title: `v${i}`, contentHash: `h${i}`, at: new Date(NOW + i).toISOString() });
      await tx.exec();
    }
    const revs = await store.revisions('r');
    expect(revs).toHaveLength(MAX_REVISIONS);
    expect(revs[0]).toEqual({ title: `v${MAX_REVISIONS + 2}`, contentHash: `h${MAX_REVISIONS + 2}`, at: new Date(NOW + MAX_REVISIONS + 2).toISOString() });
    expect(revs.at(-1)!.title).toBe('v3');
    expect(await store.revisions('unknown')).toEqual([]);
  });
});
