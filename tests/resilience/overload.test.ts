/**
 * Overload: 2,000 sources due at once while 200 concurrent feed requests keep arriving. Every article is stored once,
 * no job fails or loses its lock, every request is answered, memory and event-loop delay stay bounded. The latency
 * figures (idle vs loaded) are printed for the record; timing is measured by bench, not asserted here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues, enqueueFetch } from '../../src/queue/queues.js';
import { ArticleStore } from '../../src/store/index.js';
import { spawnCli, type CliProcess } from '../helpers/cli.js';
import { writeConfigDir, type ConfigDir } from '../helpers/config.js';
import { rss, startPublisher, type Publisher } from '../helpers/feeds.js';
import { waitFor } from '../helpers/instance.js';
import { freePort } from '../helpers/net.js';
import { deletePrefix, redisUrl, testRedis, uniquePrefix } from '../helpers/redis.js';

const SOURCES = Number(process.env.OVERLOAD_SOURCES ?? 2000);
const ITEMS = 5;
let pub: Publisher | undefined;
const cfgs: ConfigDir[] = [];
const procs: CliProcess[] = [];
const prefixes: string[] = [];
const redis = testRedis();

afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  for (const p of prefixes) await deletePrefix(redis, `${p}:`);
  await redis.quit();
  await pub?.close();
  for (const c of cfgs) c.cleanup();
});

async function burst(url: string, n: number): Promise<{ ms: number[]; statuses: number[] }> {
  const ms: number[] = [];
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      const t = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      ms.push(performance.now() - t);
      statuses.push(res.status);
    }),
  );
  return { ms, statuses };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

beforeAll(async () => {
  pub = await startPublisher({});
  for (let s = 0; s < SOURCES; s++) {
    pub.feeds[`/o/${s}.xml`] = rss(`Outlet ${s}`, pub.url, Array.from({ length: ITEMS }, (_, i) => ({
      guid: `o${s}-${i}`,
      link: `${pub!.url}/o/${s}/${i}`,
      title: `Outlet ${s} story ${i}`,
      body: `Outlet ${s} reports item ${i}: ${'council transit budget harbor storm '.repeat(12)}${s * 31 + i}`,
    })));
  }
});

/** One deployment: `start` (every role and the server in one process), or `serve` and `worker` as separate processes. */
const TOPOLOGIES: [string, string[][]][] = [
  ['single process (start)', [['start']]],
  ['split roles (serve + worker)', [['serve'], ['worker']]],
];

describe.each(TOPOLOGIES)('overload, %s', (label, commands) => {
  it('2,000 sources due at once with 200 concurrent feed requests: nothing lost, everything answered', async () => {
    const prefix = uniquePrefix('overload');
    prefixes.push(prefix);
    const cfg = writeConfigDir({
      sources: Array.from({ length: SOURCES }, (_, s) => ({ id: `o${s}`, url: `${pub!.url}/o/${s}.xml`, interval: '1h' })),
      feeds: [{ id: 'all', title: 'All', limit: 50 }],
      settings: { fetch: { concurrency: 16 }, workers: { articleConcurrency: 8 } },
    });
    cfgs.push(cfg);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const running = commands.map((args) =>
      spawnCli([...args, '--config', cfg.dir], {
        REDIS_URL: redisUrl(), FEEDMILL_REDIS_PREFIX: prefix, PORT: String(port), FEEDMILL_ALLOW_PRIVATE_NETWORKS: '1', LOG_LEVEL: process.env.OVERLOAD_LOG ?? 'warn',
      }),
    );
    procs.push(...running);
    await waitFor(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200, 60_000, 'server up');

    const queues = createQueues(redis, prefix);
    const t0 = performance.now();
    for (let s = 0; s < SOURCES; s++) await enqueueFetch(queues, `o${s}`, { runId: 'overload' });
    const store = new ArticleStore(redis, prefix);
    const loaded: number[] = [];
    const statuses: number[] = [];
    let peakRss = 0;
    let maxLoopMs = 0;
    const total = SOURCES * ITEMS;
    while ((await store.count()) < total && performance.now() - t0 < 240_000) {
      if (process.env.OVERLOAD_DEBUG) console.log('stored', await store.count(), await queues.fetch.getJobCounts(), await queues.article.getJobCounts());
      const b = await burst(`${base}/feeds/all.json`, 200);
      loaded.push(...b.ms);
      statuses.push(...b.statuses);
      const health = (await (await fetch(`${base}/healthz`)).json()) as { rssBytes: number; eventLoopDelayMs: { max: number } };
      peakRss = Math.max(peakRss, health.rssBytes);
      maxLoopMs = Math.max(maxLoopMs, health.eventLoopDelayMs.max);
    }
    const seconds = (performance.now() - t0) / 1000;
    // Idle baseline: the same burst once the crawl has drained (at start the schedulers' first fetches already run).
    await waitFor(async () => {
      const c = await queues.article.getJobCounts('active', 'wait');
      return (c.active ?? 0) + (c.wait ?? 0) === 0;
    }, 60_000, 'queues drained');
    await new Promise((r) => setTimeout(r, 2000));
    const idle = await burst(`${base}/feeds/all.json`, 200);
    await queues.close();
    console.log(
      `overload (${label}): ${total} articles from ${SOURCES} sources in ${seconds.toFixed(1)} s; ` +
        `feed latency idle p50 ${pct(idle.ms, 50).toFixed(1)} ms / p99 ${pct(idle.ms, 99).toFixed(1)} ms, ` +
        `loaded p50 ${pct(loaded, 50).toFixed(1)} ms / p99 ${pct(loaded, 99).toFixed(1)} ms over ${loaded.length} requests ` +
        `(p99 ratio ${(pct(loaded, 99) / Math.max(pct(idle.ms, 99), 0.1)).toFixed(1)}×); ` +
        `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB; max event-loop delay ${maxLoopMs} ms`,
    );

    expect(await store.count()).toBe(total);
    const ids = await store.recentIds(0, total);
    expect(new Set((await store.getMany(ids)).map((a) => a.url)).size).toBe(total);
    expect([...idle.statuses, ...statuses].every((s) => s === 200)).toBe(true);
    const q = createQueues(redis, prefix);
    const failed = [...(await q.fetch.getFailed()), ...(await q.article.getFailed())].map((j) => `${j.id}: ${j.failedReason}`);
    await q.close();
    expect(failed).toEqual([]);
    // Bounds with wide margins: locks last 30 s, so a loop blocked for seconds would already be a bug; memory stays far below the machine.
    expect(maxLoopMs).toBeLessThan(2000);
    expect(peakRss).toBeLessThan(1.5 * 2 ** 30);
    for (const p of running) p.child.kill('SIGTERM');
    for (const p of running) expect(await p.exited).toBe(0);
  }, 300_000);
});
