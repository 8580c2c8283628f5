/**
 * ArticleStore.joinCluster, the post-commit move of a racing head (pipeline/recluster.ts): only a head still alone in
 * its cluster moves, and a concurrent write of either record makes it read again instead of overwriting. Real Redis.
 */
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../../src/model/article.js';
import { ArticleStore } from '../../../src/store/index.js';
import { deletePrefix, testRedis, uniquePrefix } from '../../helpers/redis.js';

let redis: Redis;
let prefix: string;
let store: ArticleStore;

beforeAll(() => {
  redis = testRedis();
});
beforeEach(() => {
  prefix = uniquePrefix('clmove');
  store = new ArticleStore(redis, prefix);
});
afterEach(async () => {
  await deletePrefix(redis, `${prefix}:`);
});
afterAll(async () => {
  await redis.quit();
});

function article(id: string, clusterId: string, minute: number): Article {
  return {
    id,
    url: `https://example.com/${id}`,
    sourceId: `src-${id}`,
    title: `Story ${id}`,
    authors: [],
    categories: [],
    enclosures: [],
    contentText: 'text',
    wordCount: 1,
    fetchedAt: new Date(Date.UTC(2026, 2, 5, 12, minute)).toISOString(),
    contentHash: `h-${id}`,
    fingerprint: '0123456789abcdef',
    clusterId,
  };
}

const members = async (clusterId: string): Promise<string[]> => (await store.clusterMembers([clusterId], 10)).get(clusterId) ?? [];

describe('ArticleStore.joinCluster', () => {
  it('moves a head alone in its cluster into the target’s cluster, after the cluster’s first article', async () => {
    await store.save(article('w', 'w', 5));
    await store.save(article('t', 'w', 6));
    await store.save(article('x', 'x', 1));
    const res = await store.joinCluster('x', 't', () => true);
    expect(res?.moved.clusterId).toBe('w');
    expect(res?.target.id).toBe('t');
    expect((await store.get('x'))?.clusterId).toBe('w');
    // First seen before the cluster's first article, yet listed after it: the first article stays first.
    expect(await members('w')).toEqual(['w', 'x', 't']);
    expect(await store.clusterSize('x')).toBe(0);
  });

  it('never moves a head somebody joined, nor a member, nor when the target no longer matches', async () => {
    await store.save(article('w', 'w', 1));
    await store.save(article('x', 'x', 2));
    await store.save(article('y', 'x', 3));
    expect(await store.joinCluster('x', 'w', () => true)).toBeUndefined();
    expect(await store.joinCluster('y', 'w', () => true)).toBeUndefined();
    await store.save(article('z', 'z', 4));
    expect(await store.joinCluster('z', 'w', () => false)).toBeUndefined();
    expect((await store.getMany(['x', 'y', 'z'])).map((a) => a.clusterId)).toEqual(['x', 'x', 'z']);
    expect(await members('x')).toEqual(['x', 'y']);
    expect(await members('w')).toEqual(['w']);
  });

  it('a write of the head between its read and the move is kept: the move reads again', async () => {
    await store.save(article('w', 'w', 1));
    await store.save(article('x', 'x', 2));
    let calls = 0;
    const res = await store.joinCluster('x', 'w', () => {
      // Another job updates the head's title while this one decides.
      if (calls++ === 0) void store.save({ ...article('x', 'x', 2), title: 'Corrected title' });
      return true;
    });
    expect(calls).toBe(2);
    expect(res?.moved.title).toBe('Corrected title');
    const stored = await store.get('x');
    expect(stored?.title).toBe('Corrected title');
    expect(stored?.clusterId).toBe('w');
  });

  it('a target moved into another cluster meanwhile: the head follows it there', async () => {
    await store.save(article('v', 'v', 1));
    await store.save(article('t', 't', 2));
    await store.save(article('x', 'x', 3));
    let calls = 0;
    await store.joinCluster('x', 't', () => {
      if (calls++ === 0) void store.save(article('t', 'v', 2));
      return true;
    });
    expect((await store.get('x'))?.clusterId).toBe('v');
    expect(await members('v')).toContain('x');
    expect(await members('t')).toEqual(['t']);
  });
});
