/** `feedmill worker --metrics-port`: a worker process answers health checks and Prometheus scrapes of its own roles. */
import { afterAll, describe, expect, it } from 'vitest';
import { enqueueFetch } from '../../src/queue/queues.js';
import { spawnCli, type CliProcess } from '../helpers/cli.js';
import { makeItems, rss, startPublisher, type Publisher } from '../helpers/feeds.js';
import { startInstance, waitFor, type Instance } from '../helpers/instance.js';
import { freePort } from '../helpers/net.js';

let pub: Publisher | undefined;
let inst: Instance | undefined;
let worker: CliProcess | undefined;

afterAll(async () => {
  if (worker && worker.child.exitCode === null) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
  await inst?.close();
  await pub?.close();
});

describe('worker health and metrics port', () => {
  it('serves /healthz, /readyz and /metrics with the roles counters (threads included), and stops cleanly', async () => {
    pub = await startPublisher({});
    pub.feeds['/news.xml'] = rss('News', pub.url, makeItems(pub.url, 4));
    inst = await startInstance({ sources: [{ id: 'news', url: `${pub.url}/news.xml` }], feeds: [{ id: 'all', title: 'All' }] });
    const port = await freePort();
    // Roles in one worker thread: the thread's counters must reach the process's /metrics.
    const env = { ...inst.env, FEEDMILL_CONFIG_DIR: inst.configDir, LOG_LEVEL: 'info', FEEDMILL_THREADS: '1' } as Record<string, string>;
    worker = spawnCli(['worker', '--metrics-port', String(port)], env);
    await worker.waitFor(/worker health and metrics/);
    const base = `http://127.0.0.1:${port}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', eventLoopDelayMs: { max: expect.any(Number) } });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // Only health and metrics: no feeds, no API on this port.
    expect((await fetch(`${base}/feeds/all.rss`)).status).toBe(404);
    expect((await fetch(`${base}/api/sources`)).status).toBe(404);

    await enqueueFetch(inst.rt.deps.queues, 'news', { runId: 'metrics', force: true });
    await waitFor(async () => (await inst!.rt.deps.articles.count()) === 4, 20_000, 'four articles');
    await waitFor(async () => /feedmill_articles_total\{source="news",outcome="new"\} 4/.test(await (await fetch(`${base}/metrics`)).text()), 10_000, 'article counter');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    // The scheduler's first run at worker start and the forced crawl.
    expect(metrics).toMatch(/feedmill_fetches_total\{source="news",result="ok"\} [12]\n/);
    expect(metrics).toMatch(/feedmill_queue_jobs\{queue="fetch",state="waiting"\} \d+/);

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  it('refuses a bad port with a clear message', async () => {
    const bad = spawnCli(['worker', '--metrics-port', 'nine']);
    expect(await bad.exited).not.toBe(0);
    expect(bad.output()).toMatch(/not a port number/);
  });
});
