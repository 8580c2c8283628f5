/**
 * Racing article jobs cluster as if they had run one after another (issue #5: one story once in every feed). Each job
 * here is paused right after it read the near-duplicate index — the window in which another outlet's copy can commit
 * unseen — so the interleaving is deterministic. Real Redis.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig, type Config } from '../../../src/config/index.js';
import { createLshIndex, itemFingerprint, type LshIndex } from '../../../src/dedup/index.js';
import type { Article, ArticleDraft } from '../../../src/model/article.js';
import type { ArticleJobResult } from '../../../src/model/jobs.js';
import type { PipelineDeps } from '../../../src/pipeline/deps.js';
import { processArticles } from '../../../src/pipeline/process-article.js';
import { SourceRegistry } from '../../../src/sources/registry.js';
import { ArticleStore, PendingStore, RenderedStore, SourceStateStore, storeKeys } from '../../../src/store/index.js';
import { deletePrefix, testRedis, uniquePrefix } from '../../helpers/redis.js';
import { OTHER_SAME_LEAD, WIRE, WIRE_NEW_LEAD, WIRE_WITH_FURNITURE } from '../../unit/dedup/stories.js';

const OUTLETS = ['a', 'b', 'c'] as const;

let redis: Redis;
let config: Config;
let dir: string;
const prefixes: string[] = [];

beforeAll(() => {
  redis = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'feedmill-race-'));
  writeFileSync(join(dir, 'sources.yaml'), stringify({ sources: OUTLETS.map((id) => ({ id, url: `https://${id}.example/feed` })) }));
  const feeds = [{ id: 'all', title: 'All' }, ...OUTLETS.map((id) => ({ id: `only-${id}`, title: id, filter: { sources: [id] } }))];
  writeFileSync(join(dir, 'feeds.yaml'), stringify({ feeds }));
  config = loadConfig(dir, {});
});

afterAll(async () => {
  for (const p of prefixes) await deletePrefix(redis, `${p}:`);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

/** One simulated worker: its own deps on the shared store, the feeds it asked to re-render, and a pause after its index read. */
interface Racer {
  deps: PipelineDeps;
  published: string[];
  /** Resolves once the job has read the index (and waits there). */
  opened: Promise<void>;
  release: () => void;
}

function racer(prefix: string): Racer {
  const published: string[] = [];
  let release!: () => void;
  let opened!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const isOpen = new Promise<void>((r) => (opened = r));
  const index = createLshIndex(redis, storeKeys(prefix).lsh);
  const nearDup: LshIndex = {
    ...index,
    batch: async (lookups) => {
      const b = await index.batch(lookups);
      opened();
      await gate;
      return b;
    },
  };
  const deps: PipelineDeps = {
    config,
    log: pino({ level: 'silent' }),
    fetcher: { fetch: () => Promise.reject(new Error('no fetches here')), close: async () => {} },
    queues: { publish: { add: async (_n: string, data: { feedId: string }) => void published.push(data.feedId) } } as unknown as PipelineDeps['queues'],
    articles: new ArticleStore(redis, prefix),
    sources: new SourceStateStore(redis, prefix),
    registry: new SourceRegistry(redis, prefix, config.sources),
    pending: new PendingStore(redis, prefix),
    rendered: new RenderedStore(redis, prefix),
    nearDup,
    robots: {} as PipelineDeps['robots'],
    hosts: {} as PipelineDeps['hosts'],
    now: () => new Date('2026-03-05T12:00:00.000Z'),
  };
  return { deps, published, opened: isOpen, release };
}

function draft(outlet: string, title: string, text: string): ArticleDraft {
  const url = `https://${outlet}.example/${title.toLowerCase().replace(/\W+/g, '-')}`;
  return { guid: url, url, title, authors: [], categories: [], enclosures: [], contentText: text, wordCount: text.split(/\s+/).length };
}

/** Starts a job of `outlet` carrying `drafts` and waits until it has read the index. */
async function start(prefix: string, outlet: string, drafts: ArticleDraft[]): Promise<{ r: Racer; job: Promise<ArticleJobResult> }> {
  const r = racer(prefix);
  const entries = drafts.map((d, i) => ({ key: `${outlet}-${i}`, item: { sourceId: outlet, itemKey: d.guid ?? '', fingerprint: itemFingerprint(d), draft: d } }));
  await r.deps.pending.putMany(entries);
  const job = processArticles({ sourceId: outlet, itemKeys: entries.map((e) => e.key) }, r.deps);
  await r.opened;
  return { r, job };
}

async function articles(prefix: string): Promise<Article[]> {
  const store = new ArticleStore(redis, prefix);
  return store.getMany(await store.recentIds(0, 100));
}

function newPrefix(): string {
  const p = uniquePrefix('race');
  prefixes.push(p);
  return p;
}

describe('racing article jobs', () => {
  it('two outlets read the index before either commits: the later committer joins the first one’s cluster', async () => {
    const prefix = newPrefix();
    const a = await start(prefix, 'a', [draft('a', 'Parliament approves rail plan', WIRE_WITH_FURNITURE)]);
    const b = await start(prefix, 'b', [draft('b', 'Parliament approves rail plan', WIRE_NEW_LEAD)]);
    a.r.release();
    const resA = await a.job;
    b.r.release();
    const resB = await b.job;
    expect(resA.items.map((i) => i.outcome)).toEqual(['new']);
    expect(resB.items.map((i) => i.outcome)).toEqual(['duplicate']);
    const [idA, idB] = [resA.items[0]!.id!, resB.items[0]!.id!];
    const store = new ArticleStore(redis, prefix);
    expect((await store.get(idB))?.clusterId).toBe(idA);
    expect((await store.get(idA))?.clusterId).toBe(idA);
    // The member index moved with it: the head first, the emptied cluster gone.
    expect((await store.clusterMembers([idA, idB], 10)).get(idA)).toEqual([idA, idB]);
    expect(await store.clusterSize(idB)).toBe(0);
    // The later job re-renders the matched article's feeds too (its item now names the other outlet).
    expect(new Set(b.r.published)).toEqual(new Set(['all', 'only-b', 'only-a']));
  });

  it('released together, three outlets end in one cluster of three, whichever commits first', async () => {
    const prefix = newPrefix();
    const texts = [WIRE, WIRE_WITH_FURNITURE, WIRE_NEW_LEAD];
    const jobs = [];
    for (const [i, o] of OUTLETS.entries()) jobs.push(await start(prefix, o, [draft(o, `Rail plan approved (${o})`, texts[i]!)]));
    for (const j of jobs) j.r.release();
    const results = await Promise.all(jobs.map((j) => j.job));
    const stored = await articles(prefix);
    expect(stored).toHaveLength(3);
    const clusters = new Set(stored.map((s) => s.clusterId));
    expect(clusters.size).toBe(1);
    const [head] = [...clusters];
    expect(stored.find((s) => s.id === head)).toBeDefined();
    expect(results.flatMap((r) => r.items.map((i) => i.outcome)).sort()).toEqual(['duplicate', 'duplicate', 'new']);
    const members = (await new ArticleStore(redis, prefix).clusterMembers([head!], 10)).get(head!);
    expect(members?.[0]).toBe(head);
    expect(new Set(members)).toEqual(new Set(stored.map((s) => s.id)));
  });

  it('a different story on the same topic, racing the same way, stays its own cluster', async () => {
    const prefix = newPrefix();
    const a = await start(prefix, 'a', [draft('a', 'Parliament approves rail plan', WIRE)]);
    const b = await start(prefix, 'b', [draft('b', 'Mayors press minister on stations', OTHER_SAME_LEAD)]);
    a.r.release();
    await a.job;
    b.r.release();
    const resB = await b.job;
    expect(resB.items.map((i) => i.outcome)).toEqual(['new']);
    const stored = await articles(prefix);
    expect(stored.map((s) => s.clusterId === s.id)).toEqual([true, true]);
    expect(b.r.published).not.toContain('only-a');
  });

  it('a job that read after the other committed finds it the ordinary way (nothing to reconcile)', async () => {
    const prefix = newPrefix();
    const a = await start(prefix, 'a', [draft('a', 'Parliament approves rail plan', WIRE)]);
    a.r.release();
    const resA = await a.job;
    const b = await start(prefix, 'b', [draft('b', 'Parliament approves rail plan', WIRE_WITH_FURNITURE)]);
    b.r.release();
    expect((await b.job).items.map((i) => i.outcome)).toEqual(['duplicate']);
    expect((await articles(prefix)).every((s) => s.clusterId === resA.items[0]!.id)).toBe(true);
  });
});
