/** SIGTERM mid-crawl: the worker finishes its in-flight jobs and exits 0; after a restart every article is stored, none twice. */
import type { ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { enqueueFetch } from '../../src/queue/queues.js';
import { spawnCli } from '../helpers/cli.js';
import { startInstance, waitFor, type Instance } from '../helpers/instance.js';
import { makeItems, rss, startPublisher, type Publisher } from '../helpers/feeds.js';

let pub: Publisher | undefined;
let inst: Instance | undefined;

afterAll(async () => {
  await inst?.close();
  await pub?.close();
});

describe('graceful shutdown', () => {
  it('loses nothing when a worker is stopped mid-crawl and restarted', async () => {
    const items = makeItems('', 12, 150, 'slow');
    // Article pages answer slowly, so SIGTERM lands while article jobs are in flight.
    const pages: Record<string, (req: unknown, res: ServerResponse) => void> = {};
    for (const it of items) {
      pages[it.link] = (_req, res) => {
        setTimeout(() => {
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.end(`<html><head><title>${it.title}</title></head><body><article><h1>${it.title}</h1><p>${it.body}</p><p>${it.body}</p></article></body></html>`);
        }, 400);
      };
    }
    pub = await startPublisher({}, pages);
    pub.feeds['/slow.xml'] = rss('Slow', pub.url, items.map((i) => ({ ...i, link: `${pub!.url}${i.link}` })));
    // A producer-only instance: it owns the prefix and the config the child processes read.
    inst = await startInstance({
      sources: [{ id: 'slow', url: `${pub.url}/slow.xml`, fullText: true }],
      feeds: [{ id: 'all', title: 'All', limit: 100 }],
      settings: { workers: { articleConcurrency: 2, shutdownTimeout: '15s' } },
    });
    const env = { ...inst.env, FEEDMILL_CONFIG_DIR: inst.configDir, LOG_LEVEL: 'info' } as Record<string, string>;
    const first = spawnCli(['worker', '--roles', 'fetch,article,publish'], env);
    await first.waitFor(/workers started/);
    await enqueueFetch(inst.rt.deps.queues, 'slow', { runId: 'sig' });
    await waitFor(async () => (await inst!.rt.deps.articles.count()) >= 2, 20_000, 'first articles');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const stored = await inst.rt.deps.articles.count();
    expect(stored).toBeLessThan(12);
    // Nothing left active: in-flight jobs finished (or went back to waiting) before the process exited.
    const counts = await inst.rt.deps.queues.article.getJobCounts('active', 'failed');
    expect(counts.active).toBe(0);
    expect(counts.failed).toBe(0);

    const second = spawnCli(['worker'], env);
    await second.waitFor(/workers started/);
    await waitFor(async () => (await inst!.rt.deps.articles.count()) === 12, 30_000, 'all 12 articles after restart');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const ids = await inst.rt.deps.articles.recentIds(0, 100);
    expect(ids.length).toBe(12);
    const arts = await inst.rt.deps.articles.getMany(ids);
    expect(new Set(arts.map((a) => a.url)).size).toBe(12);
  }, 90_000);
});
