/** Queue producers on real Redis: publish debounce and the per-source job schedulers. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { Source } from '../../src/model/source.js';
import { createQueues, enqueuePublish, syncSchedulers, type Queues } from '../../src/queue/queues.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

let redis: Redis;
let queues: Queues;
let prefix: string;

beforeEach(() => {
  redis = testRedis();
  prefix = uniquePrefix('queues');
  queues = createQueues(redis, prefix);
});

afterEach(async () => {
  await queues.close();
  await deletePrefix(redis, `${prefix}:`);
  await redis.quit();
});

const source = (id: string, intervalMs: number): Source => ({
  id,
  url: `https://example.com/${id}.xml`,
  type: 'feed',
  intervalMs,
  adaptive: false,
  fullText: false,
  categories: [],
  headers: {},
});

describe('publish debounce', () => {
  it('coalesces a burst of render requests for one feed into one job, per feed', async () => {
    for (let i = 0; i < 20; i++) await enqueuePublish(queues, 'all', 5000);
    await enqueuePublish(queues, 'other', 5000);
    const delayed = await queues.publish.getDelayed();
    expect(delayed.map((j) => j.data.feedId).sort()).toEqual(['all', 'other']);
  });
});

describe('job schedulers', () => {
  it('has one scheduler per source with its interval, and drops those of removed sources', async () => {
    await syncSchedulers(queues, [source('a', 60_000), source('b', 900_000)]);
    let list = await queues.fetch.getJobSchedulers(0, -1);
    expect(list.map((s) => [s.key, Number(s.every)]).sort()).toEqual([
      ['source-a', 60_000],
      ['source-b', 900_000],
    ]);
    await syncSchedulers(queues, [source('b', 300_000)]);
    list = await queues.fetch.getJobSchedulers(0, -1);
    expect(list.map((s) => [s.key, Number(s.every)])).toEqual([['source-b', 300_000]]);
    // Every key the queues wrote is under the instance prefix.
    const keys = await redis.keys('*queues*');
    expect(keys.every((k) => k.startsWith(`${prefix}:`))).toBe(true);
  });
});
