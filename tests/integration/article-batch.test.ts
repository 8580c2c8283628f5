/**
 * The article stage decides a job's items as one batch (one MGET, two identity round trips, one MULTI) with the
 * same results as deciding them one at a time: later items see what earlier ones stored. Real Redis.
 */
import { SourceRegistry } from '../../src/sources/registry.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createLshIndex, itemFingerprint } from '../../src/dedup/index.js';
import type { ArticleDraft } from '../../src/model/article.js';
import type { ArticleJobResult } from '../../src/model/jobs.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { processArticles, processItem } from '../../src/pipeline/process-article.js';
import { ArticleStore, PendingStore, RenderedStore, SourceStateStore, storeKeys } from '../../src/store/index.js';
import { decodeArticle } from '../../src/store/codec.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

let redis: Redis;
let config: Config;
let dir: string;
const prefixes: string[] = [];

beforeAll(() => {
  redis = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'feedmill-batch-'));
  writeFileSync(join(dir, 'sources.yaml'), stringify({ sources: [{ id: 's', url: 'https://example.com/feed' }] }));
  writeFileSync(join(dir, 'feeds.yaml'), stringify({ feeds: [{ id: 'all', title: 'All' }] }));
  config = loadConfig(dir, {});
});

afterAll(async () => {
  for (const p of prefixes) await deletePrefix(redis, `${p}:`);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

function depsFor(prefix: string): PipelineDeps {
  prefixes.push(prefix);
  return {
    config,
    log: pino({ level: 'silent' }),
    fetcher: { fetch: () => Promise.reject(new Error('no fetches here')), close: async () => {} },
    queues: { publish: { add: async () => undefined } } as unknown as PipelineDeps['queues'],
    articles: new ArticleStore(redis, prefix),
    sources: new SourceStateStore(redis, prefix),
    registry: new SourceRegistry(redis, prefix, config.sources),
    pending: new PendingStore(redis, prefix),
    rendered: new RenderedStore(redis, prefix),
    nearDup: createLshIndex(redis, storeKeys(prefix).lsh),
    // Feed items need no page fetches: robots and the host budget are never asked.
    robots: {} as PipelineDeps['robots'],
    hosts: {} as PipelineDeps['hosts'],
    now: () => new Date('2026-03-05T12:00:00.000Z'),
  };
}

const WIRE = Array.from({ length: 90 }, (_, i) => `word${i % 37} term${(i * 7) % 23}`).join(' ');
const OTHER = Array.from({ length: 90 }, (_, i) => `other${i % 41} thing${(i * 5) % 29}`).join(' ');

function draft(over: Partial<ArticleDraft>): ArticleDraft {
  const text = over.contentText ?? WIRE;
  return { title: 'Story', authors: [], categories: [], enclosures: [], contentText: text, wordCount: text.split(' ').length, ...over };
}

async function pend(deps: PipelineDeps, drafts: ArticleDraft[]): Promise<string[]> {
  const entries = drafts.map((d, i) => {
    const itemKey = d.guid ?? d.url ?? `k${i}`;
    return { key: `it-${i}-${itemKey.replace(/\W/g, '_')}`, item: { sourceId: 's', itemKey, fingerprint: itemFingerprint(d), draft: d } };
  });
  await deps.pending.putMany(entries);
  return entries.map((e) => e.key);
}

/** Every key of a prefix with its value, prefix stripped, in one comparable JSON string. */
async function dump(prefix: string): Promise<string> {
  const keys = (await redis.keys(`${prefix}:*`)).sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const type = await redis.type(k);
    const name = k.slice(prefix.length);
    // Article values are stored compressed; everything else stored as a string is JSON.
    if (type === 'string') out[name] = /^:a:[^:]+$/.test(name) ? decodeArticle((await redis.getBuffer(k))!) : JSON.parse((await redis.get(k)) ?? 'null');
    else if (type === 'hash') out[name] = await redis.hgetall(k);
    else if (type === 'zset') out[name] = await redis.zrange(k, 0, -1, 'WITHSCORES');
    else if (type === 'set') out[name] = (await redis.smembers(k)).sort();
  }
  return JSON.stringify(out, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
}

/** A batch with every intra-batch dependency: repeated guid, repeated URL, repeated body, near-duplicate, short items. */
const MIXED: ArticleDraft[] = [
  draft({ guid: 'g1', url: 'https://example.com/1', title: 'One' }),
  draft({ guid: 'g2', url: 'https://example.com/2', title: 'Two', contentText: OTHER }),
  // Word counts below the content-hash threshold: these find the earlier items by guid, then by URL, only.
  draft({ guid: 'g1', url: 'https://example.com/x1', title: 'One (corrected)', wordCount: 10 }),
  draft({ guid: 'g3', url: 'https://example.com/2', title: 'Two again', contentText: OTHER, wordCount: 10 }),
  // A copy elsewhere (wordCount below the content-hash identity threshold, so only the near-duplicate index finds it).
  draft({ guid: 'g4', url: 'https://partner.example/copy', title: 'One (corrected)', wordCount: 10 }),
  draft({ guid: 'g5', title: 'Brief', contentText: 'short brief' }),
  draft({ guid: 'g6', title: 'Brief', contentText: 'short brief' }),
];

describe('article batches', () => {
  it('decide like one item at a time: same outcomes and the same Redis contents', async () => {
    const batched = depsFor(uniquePrefix('batch'));
    const single = depsFor(uniquePrefix('single'));
    const keysB = await pend(batched, MIXED);
    const keysS = await pend(single, MIXED);
    const res = await processArticles({ sourceId: 's', itemKeys: keysB }, batched);
    const one: ArticleJobResult['items'] = [];
    for (const key of keysS) {
      const r = await processItem('s', key, single);
      one.push({ itemKey: key, outcome: r.outcome, ...(r.id ? { id: r.id } : {}) });
    }
    expect(res.items.map((i) => i.outcome)).toEqual(one.map((i) => i.outcome));
    expect(res.items.map((i) => i.id)).toEqual(one.map((i) => i.id));
    expect(res.items.map((i) => i.outcome)).toEqual(['new', 'new', 'updated', 'updated', 'duplicate', 'new', 'duplicate']);
    expect(await dump(prefixes.at(-2)!)).toBe(await dump(prefixes.at(-1)!));
  });

  it("an item later in the batch with an earlier item's URL updates that article", async () => {
    const deps = depsFor(uniquePrefix('url'));
    const keys = await pend(deps, [
      draft({ url: 'https://example.com/a', title: 'First', wordCount: 10 }),
      draft({ url: 'https://example.com/a', title: 'Second', contentText: OTHER, wordCount: 10 }),
    ]);
    const res = await processArticles({ sourceId: 's', itemKeys: keys }, deps);
    expect(res.items.map((i) => i.outcome)).toEqual(['new', 'updated']);
    expect(res.items[0]!.id).toBe(res.items[1]!.id);
    expect((await deps.articles.get(res.items[0]!.id!))?.title).toBe('Second');
  });

  it("a near-duplicate later in the batch joins the earlier article's cluster", async () => {
    const deps = depsFor(uniquePrefix('dup'));
    // Same body under another URL; a word count below the content-hash threshold leaves it to the near-duplicate index.
    const keys = await pend(deps, [draft({ url: 'https://example.com/a', wordCount: 10 }), draft({ url: 'https://other.example/b', wordCount: 10 })]);
    const res = await processArticles({ sourceId: 's', itemKeys: keys }, deps);
    expect(res.items.map((i) => i.outcome)).toEqual(['new', 'duplicate']);
    expect((await deps.articles.get(res.items[1]!.id!))?.clusterId).toBe(res.items[0]!.id);
  });

  it('records seen versions, drops pending items, and is a no-op when the job runs again', async () => {
    const deps = depsFor(uniquePrefix('again'));
    const drafts = [draft({ guid: 'a', url: 'https://example.com/a' }), draft({ guid: 'b', url: 'https://example.com/b', contentText: OTHER })];
    const keys = await pend(deps, drafts);
    await processArticles({ sourceId: 's', itemKeys: keys }, deps);
    expect(await deps.sources.seen('s', ['a', 'b'])).toEqual(drafts.map((d) => itemFingerprint(d)));
    expect(await deps.pending.getMany(keys)).toEqual([undefined, undefined]);
    const again = await processArticles({ sourceId: 's', itemKeys: keys }, deps);
    expect(again.items.map((i) => i.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(await deps.articles.count()).toBe(2);
  });

  it('a key repeated in one job is processed once', async () => {
    const deps = depsFor(uniquePrefix('repeat'));
    const [key] = await pend(deps, [draft({ url: 'https://example.com/r' })]);
    const res = await processArticles({ sourceId: 's', itemKeys: [key!, key!] }, deps);
    expect(res.items.map((i) => i.outcome)).toEqual(['new', 'unchanged']);
  });
});
