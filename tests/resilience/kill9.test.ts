/**
 * At-least-once with no duplicates: a worker process is killed with SIGKILL at random points mid-crawl, several times,
 * and restarted; every article of the fixture sources ends up stored exactly once, every feed is published, and no job
 * is left stalled or failed.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { enqueueFetch } from '../../src/queue/queues.js';
import { spawnCli, type CliProcess } from '../helpers/cli.js';
import { makeItems, rss, startPublisher, type Publisher } from '../helpers/feeds.js';
import { startInstance, waitFor, type Instance } from '../helpers/instance.js';

let pub: Publisher | undefined;
let inst: Instance | undefined;
const children: CliProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  await inst?.close();
  await pub?.close();
});

/** A deterministic sequence of kill delays (ms), so a failure can be replayed. */
const KILL_AFTER_MS = [700, 1300, 450];

describe('kill -9 mid-crawl', () => {
  it('stores every article exactly once and publishes every feed after repeated SIGKILLs', async () => {
    const quick = ['a', 'b', 'c'].map((tag) => makeItems('', 40, 120, `quick${tag}`));
    const slow = makeItems('', 30, 150, 'slowpage');
    const pages: Record<string, (req: unknown, res: ServerResponse) => void> = {};
    for (const it of slow) {
      pages[it.link] = (_req, res) => {
        setTimeout(() => {
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.end(`<html><body><article><h1>${it.title}</h1><p>${it.body}</p><p>${it.body}</p></article></body></html>`);
        }, 400);
      };
    }
    pub = await startPublisher({}, pages);
    const abs = (items: typeof slow) => items.map((i) => ({ ...i, link: `${pub!.url}${i.link}` }));
    quick.forEach((items, i) => (pub!.feeds[`/q${i}.xml`] = rss(`Quick ${i}`, pub!.url, abs(items))));
    pub.feeds['/slow.xml'] = rss('Slow', pub.url, abs(slow));
    const sources = [
      ...quick.map((_, i) => ({ id: `q${i}`, url: `${pub!.url}/q${i}.xml` })),
      { id: 'slow', url: `${pub.url}/slow.xml`, fullText: true },
    ];
    const total = 3 * 40 + 30;
    inst = await startInstance({
      sources,
      feeds: [{ id: 'all', title: 'All', limit: 500 }],
      settings: { workers: { articleConcurrency: 2, lockDuration: '2s', stalledInterval: '1s' }, publish: { debounce: '300ms' } },
    });
    const env = { ...inst.env, FEEDMILL_CONFIG_DIR: inst.configDir, LOG_LEVEL: 'info' } as Record<string, string>;

    for (const [round, delay] of KILL_AFTER_MS.entries()) {
      const w = spawnCli(['worker'], env);
      children.push(w);
      await w.waitFor(/workers started/, 20_000);
      for (const s of sources) await enqueueFetch(inst.rt.deps.queues, s.id, { runId: `round${round}` });
      await new Promise((r) => setTimeout(r, delay));
      w.child.kill('SIGKILL');
      await w.exited;
    }
    const stored = await inst.rt.deps.articles.count();
    expect(stored).toBeLessThan(total); // the kills really interrupted the crawl

    const last = spawnCli(['worker'], env);
    children.push(last);
    const restartedAt = Date.now();
    await waitFor(async () => (await inst!.rt.deps.articles.count()) === total, 60_000, `all ${total} articles`);
    console.log(`kill -9 ×${KILL_AFTER_MS.length}: ${stored}/${total} stored before the last restart; all ${total} stored ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after it`);
    await waitFor(async () => {
      const c = await inst!.rt.deps.queues.article.getJobCounts('active', 'wait', 'delayed', 'prioritized');
      // Delayed fetch jobs are the schedulers' next runs: they are meant to stay.
      const f = await inst!.rt.deps.queues.fetch.getJobCounts('active', 'wait', 'prioritized');
      return Object.values(c).every((n) => n === 0) && Object.values(f).every((n) => n === 0);
    }, 30_000, 'queues drained');
    await waitFor(async () => {
      const entry = await inst!.rt.deps.rendered.get('all', 'json');
      return entry !== undefined && (JSON.parse(entry.body) as { items: unknown[] }).items.length === total;
    }, 30_000, 'feed published with every article');
    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    const ids = await inst.rt.deps.articles.recentIds(0, 1000);
    const articles = await inst.rt.deps.articles.getMany(ids);
    expect(articles.length).toBe(total);
    expect(new Set(articles.map((a) => a.url)).size).toBe(total);
    expect(new Set(articles.map((a) => a.guid)).size).toBe(total);
    const failed = [
      ...(await inst.rt.deps.queues.article.getFailed()),
      ...(await inst.rt.deps.queues.fetch.getFailed()),
    ].map((j) => `${j.id}: ${j.failedReason}`);
    expect(failed).toEqual([]);
  }, 180_000);
});
