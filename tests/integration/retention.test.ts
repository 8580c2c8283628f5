/** Retention: deletes by age and by count per source and nothing else, leaves tombstones, and a re-crawl does not bring items back. */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { QueueEvents } from 'bullmq';
import { crawlOnce } from '../../src/commands/crawl.js';
import { createConnection } from '../../src/queue/connection.js';
import { bullPrefix, MAINTAIN_QUEUE, MAINTENANCE_SCHEDULER, scheduleMaintenance } from '../../src/queue/queues.js';
import { loadConfig } from '../../src/config/index.js';
import { createLshIndex, windowFingerprints, type LshIndex } from '../../src/dedup/index.js';
import type { Article } from '../../src/model/article.js';
import { ArticleStore, storeKeys } from '../../src/store/index.js';
import { applyRetention } from '../../src/store/retention.js';
import { spawnCli } from '../helpers/cli.js';
import { writeConfigDir } from '../helpers/config.js';
import { rss, startPublisher, type Publisher, type TestItem } from '../helpers/feeds.js';
import { startInstance, type Instance } from '../helpers/instance.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 1, 12);

function body(tag: string): string {
  return Array.from({ length: 3 }, (_, p) => Array.from({ length: 30 }, (_, w) => `${tag}p${p}w${w}`).join(' ')).join('\n\n');
}

/** A stored article of `sourceId`, `ageDays` old by its published time (or by first fetch when `published` is false). */
function article(sourceId: string, n: number, ageDays: number, published = true): Article {
  const id = `${sourceId}-${n}`;
  const at = new Date(NOW - ageDays * DAY).toISOString();
  const fp = (BigInt(n + 1) * 0x9e3779b97f4a7c15n + BigInt(sourceId.charCodeAt(0)) * 0x1234567n) & 0xffffffffffffffffn;
  return {
    id,
    url: `https://news.example/${sourceId}/${n}`,
    guid: `guid-${id}`,
    sourceId,
    title: `Story ${id}`,
    contentText: body(id),
    authors: [],
    categories: [],
    enclosures: [],
    wordCount: 90,
    ...(published ? { publishedAt: at } : {}),
    fetchedAt: published ? new Date(NOW).toISOString() : at,
    contentHash: `hash-${id}`,
    fingerprint: fp.toString(16).padStart(16, '0'),
    clusterId: id,
  };
}

describe('applyRetention on a seeded store', () => {
  let redis: Redis;
  let prefix: string;
  let store: ArticleStore;
  let lsh: LshIndex;

  async function seed(list: readonly Article[]): Promise<void> {
    for (const a of list) {
      await store.save(a);
      await lsh.add(a.id, a.fingerprint, windowFingerprints(a.contentText ?? ''));
      await redis.hset(storeKeys(prefix).itemSeen(a.sourceId), a.guid!, 'fp');
    }
  }

  const aOld = [article('a', 0, 200), article('a', 1, 120), article('a', 2, 95, false)];
  const aYoung = [article('a', 3, 10), article('a', 4, 1)];
  const bAll = [0, 1, 2, 3, 4, 5].map((n) => article('b', n, 6 - n));
  const cAll = [article('c', 0, 2), article('c', 1, 3)];
  const limits = { maxAgeMs: 90 * DAY, maxPerSource: 4, now: NOW };

  beforeEach(async () => {
    redis = testRedis();
    prefix = uniquePrefix('ret');
    store = new ArticleStore(redis, prefix);
    lsh = createLshIndex(redis, storeKeys(prefix).lsh);
    await seed([...aOld, ...aYoung, ...bAll, ...cAll]);
  });
  afterEach(async () => {
    await deletePrefix(redis, `${prefix}:`);
    await redis.quit();
  });

  it('deletes what is older than maxAge and beyond the newest maxPerSource, per source, and nothing else', async () => {
    const res = await applyRetention(redis, prefix, limits, lsh);
    const gone = [...aOld, bAll[0]!, bAll[1]!];
    const kept = [...aYoung, ...bAll.slice(2), ...cAll];
    expect(res).toMatchObject({ deleted: gone.length, tombstoned: gone.length, remaining: 0 });
    expect(await store.getEach(gone.map((a) => a.id))).toEqual(gone.map(() => undefined));
    expect(await store.getMany(kept.map((a) => a.id))).toEqual(kept);
    expect(await store.count()).toBe(kept.length);
    expect(await store.count('a')).toBe(2);
    expect(await store.count('b')).toBe(4);
    expect(await store.count('c')).toBe(2);
    for (const a of gone) {
      expect(await store.findId({ sourceId: a.sourceId, guid: a.guid!, url: a.url, contentHash: a.contentHash })).toBeUndefined();
      expect(await lsh.candidates([a.fingerprint, ...windowFingerprints(a.contentText ?? '')])).not.toContain(a.id);
    }
    // Survivors keep every index entry: guid, URL and content hash each find them, and so does the near-dup index.
    for (const a of kept) {
      expect(await store.findId({ sourceId: a.sourceId, guid: a.guid! })).toBe(a.id);
      expect(await store.findId({ sourceId: a.sourceId, url: a.url })).toBe(a.id);
      expect(await store.findId({ sourceId: a.sourceId, contentHash: a.contentHash })).toBe(a.id);
      expect(await lsh.candidates(a.fingerprint)).toContain(a.id);
    }
  });

  it('writes a tombstone per deleted item (guid and URL) and drops its seen mark', async () => {
    await applyRetention(redis, prefix, limits, lsh);
    const k = storeKeys(prefix);
    const old = aOld[0]!;
    expect(Number(await redis.hget(k.tomb, `a\n${old.guid}`))).toBe(NOW);
    expect(Number(await redis.hget(k.tomb, `a\n${old.url}`))).toBe(NOW);
    expect(await store.tombstoned('a', [old.guid!, old.url, aYoung[0]!.guid!])).toEqual([true, true, false]);
    expect(await redis.hget(k.itemSeen('a'), old.guid!)).toBeNull();
    expect(await redis.hget(k.itemSeen('a'), aYoung[0]!.guid!)).toBe('fp');
    expect(await redis.hlen(k.tomb)).toBe(2 * 5);
  });

  it('leaves an index entry that a newer article has taken over', async () => {
    const k = storeKeys(prefix);
    await redis.hset(k.urlIndex, aOld[0]!.url, 'c-0');
    await applyRetention(redis, prefix, limits, lsh);
    expect(await redis.hget(k.urlIndex, aOld[0]!.url)).toBe('c-0');
  });

  it('does bounded work per call and finishes the backlog on the next, then has nothing to do', async () => {
    expect(await applyRetention(redis, prefix, { ...limits, maxDeletions: 2 }, lsh)).toMatchObject({ deleted: 2, remaining: 3 });
    expect(await applyRetention(redis, prefix, { ...limits, maxDeletions: 2 }, lsh)).toMatchObject({ deleted: 2, remaining: 1 });
    expect(await applyRetention(redis, prefix, limits, lsh)).toMatchObject({ deleted: 1, remaining: 0 });
    expect(await applyRetention(redis, prefix, limits, lsh)).toMatchObject({ deleted: 0, tombstoned: 0, remaining: 0 });
    expect(await store.count()).toBe(aYoung.length + 4 + cAll.length);
  });

  it('deletes nothing when both limits are 0', async () => {
    expect(await applyRetention(redis, prefix, { maxAgeMs: 0, maxPerSource: 0, now: NOW }, lsh)).toMatchObject({ deleted: 0, remaining: 0 });
    expect(await store.count()).toBe(aOld.length + aYoung.length + bAll.length + cAll.length);
  });

  it('prunes tombstones older than twice maxAge and keeps younger ones', async () => {
    const k = storeKeys(prefix);
    await redis.hset(k.tomb, { 'a\nancient': String(NOW - 181 * DAY), 'a\nrecent': String(NOW - 179 * DAY) });
    const res = await applyRetention(redis, prefix, { maxAgeMs: 90 * DAY, maxPerSource: 0, now: NOW }, lsh);
    expect(res.tombstonesPruned).toBe(1);
    expect(await redis.hget(k.tomb, 'a\nancient')).toBeNull();
    expect(await redis.hget(k.tomb, 'a\nrecent')).not.toBeNull();
  });
});

describe('retention config', () => {
  it('defaults to 90 days, 10,000 per source, every hour; 0 means no limit', () => {
    const d = writeConfigDir({});
    const z = writeConfigDir({ settings: { retention: { maxAge: 0, maxPerSource: 0, every: '15m' } } });
    try {
      expect(loadConfig(d.dir, {}).retention).toEqual({ maxAgeMs: 90 * DAY, maxPerSource: 10_000, everyMs: 3_600_000 });
      expect(loadConfig(z.dir, {}).retention).toEqual({ maxAgeMs: 0, maxPerSource: 0, everyMs: 900_000 });
    } finally {
      d.cleanup();
      z.cleanup();
    }
  });
});

describe('retention end to end', () => {
  let pub: Publisher | undefined;
  let inst: Instance | undefined;
  afterAll(async () => {
    await inst?.close();
    await pub?.close();
  });

  it('a re-crawl of a feed that still lists deleted items does not bring them back; the command prints counts', async () => {
    pub = await startPublisher({});
    const now = Date.now();
    const item = (n: number, ageDays: number, text = `old and new story ${n}`): TestItem => ({
      guid: `ret-${n}`,
      link: `${pub!.url}/ret/${n}`,
      title: `Retention story ${n}`,
      body: `${text} ${Array.from({ length: 60 }, (_, w) => `r${n}w${w}`).join(' ')}`,
      pubDate: new Date(now - ageDays * DAY).toUTCString(),
    });
    const items = [item(0, 200), item(1, 150), item(2, 100), item(3, 5), item(4, 1)];
    pub.feeds['/r.xml'] = rss('Retention Daily', pub.url, items);
    inst = await startInstance({
      sources: [{ id: 'r', url: `${pub.url}/r.xml` }],
      feeds: [{ id: 'all', title: 'All', limit: 100 }],
      settings: { retention: { maxAge: '90d', maxPerSource: 10 } },
    });
    const crawl = () => crawlOnce([], { config: inst!.configDir, env: inst!.env });
    expect((await crawl())[0]).toMatchObject({ new: 5 });

    const env = { ...inst.env, FEEDMILL_CONFIG_DIR: inst.configDir } as Record<string, string>;
    const cli = spawnCli(['retention', '--once'], env);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/retention: deleted 3 articles, tombstoned 3, remaining 0/);
    expect(await inst.rt.deps.articles.count('r')).toBe(2);

    // The feed still lists the deleted items, one of them edited, plus one new item: only the new one is stored.
    pub.feeds['/r.xml'] = rss('Retention Daily', pub.url, [item(0, 200, 'edited since'), ...items.slice(1), item(5, 0)]);
    expect((await crawl())[0]).toMatchObject({ status: 'ok', new: 1, updated: 0, unchanged: 5 });
    expect(await inst.rt.deps.articles.count('r')).toBe(3);
    const stored = await inst.rt.deps.articles.getMany(await inst.rt.deps.articles.recentIds(0, 10, 'r'));
    expect(stored.map((a) => a.guid).sort()).toEqual(['ret-3', 'ret-4', 'ret-5']);
  }, 60_000);
});

describe('maintenance scheduling', () => {
  let inst: Instance | undefined;
  afterAll(async () => {
    await inst?.close();
  });

  it('the publish role processes maintenance jobs; the scheduler first runs one interval later and survives re-setting', async () => {
    inst = await startInstance({ roles: ['publish'], settings: { retention: { maxAge: '3650d', maxPerSource: 1 } } });
    const store = inst.rt.deps.articles;
    for (const a of [article('m', 0, 4000), article('m', 1, 2), article('m', 2, 1)]) await store.save(a);
    const conn = createConnection(inst.rt.redisUrl, 'worker');
    const events = new QueueEvents(MAINTAIN_QUEUE, { connection: conn, prefix: bullPrefix(inst.prefix) });
    try {
      await events.waitUntilReady();
      const job = await inst.rt.deps.queues.maintain.add('retention', { task: 'retention' });
      // Dated from NOW (2026-11-01): the 4,000-day-old one is over the 10-year age limit; the count limit keeps the newest.
      expect(await job.waitUntilFinished(events, 20_000)).toMatchObject({ deleted: 2, remaining: 0 });
      expect(await store.count('m')).toBe(1);
    } finally {
      await events.close();
      await conn.quit();
    }

    const q = inst.rt.deps.queues;
    const t0 = Date.now();
    await scheduleMaintenance(q, 3_600_000, t0);
    const first = await q.maintain.getJobScheduler(MAINTENANCE_SCHEDULER);
    expect(Number(first?.every)).toBe(3_600_000);
    expect(first?.next).toBeGreaterThanOrEqual(t0 + 3_600_000 - 1000);
    await scheduleMaintenance(q, 3_600_000, t0 + 600_000);
    expect((await q.maintain.getJobScheduler(MAINTENANCE_SCHEDULER))?.next).toBe(first?.next);
    await q.maintain.removeJobScheduler(MAINTENANCE_SCHEDULER);
  }, 60_000);
});
