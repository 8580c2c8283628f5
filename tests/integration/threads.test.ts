/** Pipeline roles in worker threads: the threads share the work on real Redis and report metrics to the parent. */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../src/model/jobs.js';
import { enqueueFetch } from '../../src/queue/queues.js';
import { startRoleThreads, type RoleThreads } from '../../workers/threads.js';
import { makeItems, rss, startPublisher, type Publisher } from '../helpers/feeds.js';
import { startInstance, waitFor, type Instance } from '../helpers/instance.js';

let pub: Publisher | undefined;
let inst: Instance | undefined;
let threads: RoleThreads | undefined;

/** Threads on an instance's config, Redis and prefix. */
function threadsFor(on: Instance, count: number, roles: Role[], extra: { nice?: number } = {}): Promise<RoleThreads> {
  return startRoleThreads({ count, roles, configDir: on.configDir, env: on.env, redisUrl: on.rt.redisUrl, log: on.rt.log, closeTimeoutMs: 10_000, ...extra });
}

afterEach(async () => {
  await threads?.close();
  await inst?.close();
  await pub?.close();
  threads = inst = pub = undefined;
});

describe('role threads', () => {
  it('two threads crawl two sources: every article stored once, metrics summed in the parent', async () => {
    pub = await startPublisher({});
    pub.feeds['/a.xml'] = rss('A', pub.url, makeItems(pub.url, 12, 80, 'alpha'));
    pub.feeds['/b.xml'] = rss('B', pub.url, makeItems(pub.url, 12, 80, 'beta'));
    inst = await startInstance({
      sources: [
        { id: 'a', url: `${pub.url}/a.xml` },
        { id: 'b', url: `${pub.url}/b.xml` },
      ],
      feeds: [{ id: 'all', title: 'All', limit: 100 }],
    });
    threads = await threadsFor(inst, 2, ['fetch', 'article', 'publish']);
    expect(threads.count).toBe(2);
    await enqueueFetch(inst.rt.deps.queues, 'a', { runId: 'r1' });
    await enqueueFetch(inst.rt.deps.queues, 'b', { runId: 'r1' });
    await waitFor(async () => (await inst!.rt.deps.articles.count()) === 24, 30_000, '24 articles');
    const merged = await threads.metrics(inst.rt.metrics.registry);
    const articles = await merged.getSingleMetric('feedmill_articles_total')?.get();
    await waitFor(async () => {
      const m = await (await threads!.metrics(inst!.rt.metrics.registry)).getSingleMetric('feedmill_articles_total')?.get();
      return (m?.values ?? []).filter((v) => v.labels.outcome === 'new').reduce((s, v) => s + v.value, 0) === 24;
    }, 10_000, 'metrics of both threads');
    expect(articles?.name).toBe('feedmill_articles_total');
  });

  it.runIf(process.platform === 'linux')('renices the worker threads only, so the HTTP thread keeps its priority', async () => {
    inst = await startInstance({ sources: [], feeds: [] });
    const niceOf = () =>
      readdirSync('/proc/self/task').map((tid) => {
        // Field 19 of /proc/<pid>/task/<tid>/stat is the nice value (fields counted after the parenthesised name).
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
    expect(niceOf().filter((n) => n === 7)).toHaveLength(0);
    threads = await threadsFor(inst, 2, ['article'], { nice: 7 });
    expect(niceOf().filter((n) => n === 7)).toHaveLength(2);
    expect(niceOf()[0]).toBe(0);
  });

  it('a thread that dies is replaced, and the replacement takes jobs', async () => {
    pub = await startPublisher({});
    pub.feeds['/c.xml'] = rss('C', pub.url, makeItems(pub.url, 6, 80, 'gamma'));
    inst = await startInstance({ sources: [{ id: 'c', url: `${pub.url}/c.xml` }], feeds: [{ id: 'all', title: 'All', limit: 100 }] });
    threads = await threadsFor(inst, 2, ['fetch', 'article', 'publish']);
    const before = threads.live().map((t) => t.threadId);
    await threads.live()[0]!.terminate();
    await waitFor(() => {
      const now = threads!.live().map((t) => t.threadId);
      return now.length === 2 && now.some((id) => !before.includes(id));
    }, 15_000, 'a replacement thread');
    // The survivor alone could do this; kill it too, so the replacement must.
    const survivor = threads.live().find((t) => before.includes(t.threadId))!;
    await survivor.terminate();
    await waitFor(() => threads!.live().every((t) => !before.includes(t.threadId)) && threads!.live().length === 2, 15_000, 'two new threads');
    await enqueueFetch(inst.rt.deps.queues, 'c', { runId: 'after-crash' });
    await waitFor(async () => (await inst!.rt.deps.articles.count()) === 6, 30_000, '6 articles from the replacement threads');
  });

  it('close lets in-flight jobs finish and the threads exit', async () => {
    inst = await startInstance({ sources: [], feeds: [] });
    threads = await threadsFor(inst, 1, ['article']);
    const started = Date.now();
    await threads.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    threads = undefined;
  });
});
