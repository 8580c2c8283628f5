/**
 * Many wire stories on three outlets at once, processed by three workers with high article concurrency on one Redis
 * (this process and two worker threads, as `start` runs them): however the jobs interleave, every story ends as exactly
 * one cluster of three (issue #5), and different stories never merge. Real BullMQ workers, real loopback HTTP; a few
 * rounds, each with new stories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../../src/model/article.js';
import { enqueueFetch } from '../../../src/queue/queues.js';
import { rss, startPublisher, type Publisher, type TestItem } from '../../helpers/feeds.js';
import { startInstance, waitFor, type Instance } from '../../helpers/instance.js';
import { startRoleThreads, type RoleThreads } from '../../../workers/threads.js';

/** Stories per outlet per round: more than one article batch (25) per outlet, so batches race within and across outlets. */
const K = 30;
const ROUNDS = 3;
const OUTLETS = ['a', 'b', 'c'] as const;
type Outlet = (typeof OUTLETS)[number];

/** Deterministic pseudo-random numbers (mulberry32), so a failing round can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'si', 'pe', 'da', 'gu', 'ho', 'ber', 'tan', 'mol', 'ris'];

/** A story of five prose paragraphs (~200 words) over pseudo-words: stories share no phrases by chance. */
function story(seed: number): string[] {
  const next = rng(seed);
  const word = (): string => Array.from({ length: 2 + Math.floor(next() * 2) }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]).join('');
  const sentence = (): string => {
    const w = Array.from({ length: 8 + Math.floor(next() * 8) }, word).join(' ');
    return `${w[0]!.toUpperCase()}${w.slice(1)}.`;
  };
  return Array.from({ length: 5 }, () => Array.from({ length: 4 }, sentence).join(' '));
}

/** Each outlet's furniture around the same wire text: bylines, share prompts, footers (short lines, as on real sites). */
function dress(outlet: Outlet, paragraphs: string[]): string {
  const parts =
    outlet === 'a'
      ? paragraphs
      : outlet === 'b'
        ? ['By Harbor staff | Published 10:00 | Updated 10:30', 'Share this article on Facebook Share on X Email this story', ...paragraphs, 'Sign up for our morning newsletter.']
        : ['From the wire desk', ...paragraphs, 'Follow our coverage at c.example/news.'];
  return parts.join('</p><p>');
}

function feedOf(base: string, outlet: Outlet, round: number): string {
  const items: TestItem[] = Array.from({ length: K }, (_, k) => {
    const headline = `Council vote ${round}-${k} settles the harbour dispute`;
    return {
      guid: `${outlet}-r${round}-${k}`,
      link: `${base}/${outlet}/r${round}/story-${k}`,
      title: outlet === 'a' ? headline : outlet === 'b' ? `${headline} | Harbor` : `Breaking: ${headline}`,
      body: dress(outlet, story(round * 1000 + k)),
    };
  });
  return rss(`Outlet ${outlet}`, `${base}/${outlet}`, items);
}

let pub: Publisher;
let main: Instance;
let threads: RoleThreads | undefined;

beforeAll(async () => {
  pub = await startPublisher({});
  const files = {
    settings: { workers: { articleConcurrency: 16, threads: 0 } },
    sources: OUTLETS.map((o) => ({ id: o, url: `${pub.url}/${o}.xml`, interval: '1h' })),
    feeds: [{ id: 'all', title: 'All', limit: 50 }],
  };
  main = await startInstance({ ...files, roles: ['fetch', 'article', 'publish'] });
  // Two more article workers on the same Redis and prefix, running in parallel with this one.
  threads = await startRoleThreads({
    count: 2,
    roles: ['article'],
    configDir: main.configDir,
    env: main.env,
    redisUrl: main.rt.redisUrl,
    log: main.rt.log,
    closeTimeoutMs: 10_000,
  });
}, 60_000);

afterAll(async () => {
  await threads?.close();
  await main?.close();
  await pub?.close();
});

async function idle(): Promise<boolean> {
  const counts = await main.rt.deps.queues.article.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return Object.values(counts).every((n) => n === 0);
}

async function roundArticles(round: number): Promise<Article[]> {
  const store = main.rt.deps.articles;
  const all = await store.getMany(await store.recentIds(0, 10_000));
  return all.filter((a) => a.url.includes(`/r${round}/`));
}

describe('wire stories racing through three article workers', () => {
  it(`${ROUNDS} rounds of ${K} stories × 3 outlets: exactly ${K} clusters of three each round`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const o of OUTLETS) pub.feeds[`/${o}.xml`] = feedOf(pub.url, o, round);
      // Article jobs are held until every outlet's are queued, then both instances take them at once: they race.
      const articles = main.rt.deps.queues.article;
      await articles.pause();
      await Promise.all(OUTLETS.map((o) => enqueueFetch(main.rt.deps.queues, o, { runId: `round${round}` })));
      const queued = async (): Promise<number> => Object.values(await articles.getJobCounts('waiting', 'paused', 'prioritized')).reduce((a, b) => a + b, 0);
      await waitFor(async () => (await queued()) === OUTLETS.length * Math.ceil(K / 25), 30_000, `round ${round} queued`);
      await articles.resume();
      await waitFor(async () => (await roundArticles(round)).length === 3 * K && (await idle()), 60_000, `round ${round} stored`);

      const stored = await roundArticles(round);
      const clusters = new Map<string, Article[]>();
      for (const a of stored) clusters.set(a.clusterId, [...(clusters.get(a.clusterId) ?? []), a]);
      expect(clusters.size, `round ${round}: clusters`).toBe(K);
      for (const [head, members] of clusters) {
        expect(members.map((m) => m.sourceId).sort(), `round ${round}: cluster ${head}`).toEqual(['a', 'b', 'c']);
        // One story per cluster: every member carries the same story number.
        expect(new Set(members.map((m) => m.url.split('/').at(-1))).size).toBe(1);
        expect(members.some((m) => m.id === head)).toBe(true);
      }
      const index = await main.rt.deps.articles.clusterMembers([...clusters.keys()], 10);
      for (const [head, members] of clusters) {
        expect(new Set(index.get(head)), `round ${round}: member index of ${head}`).toEqual(new Set(members.map((m) => m.id)));
        expect(index.get(head)?.[0]).toBe(head);
      }
    }
  }, 240_000);
});
