/** Several worker processes on one Redis share the work: every article is processed exactly once. */
import type { Job } from 'bullmq';
import type { ArticleJobResult } from '../../src/model/jobs.js';
import { afterEach, describe, expect, it } from 'vitest';
import { enqueueFetch } from '../../src/queue/queues.js';
import { startInstance, waitFor, type Instance } from '../helpers/instance.js';
import { makeItems, rss, startPublisher, type Publisher } from '../helpers/feeds.js';

let pub: Publisher | undefined;
const instances: Instance[] = [];

afterEach(async () => {
  for (const i of instances.splice(0).reverse()) await i.close();
  await pub?.close();
});

describe('two workers on one Redis', () => {
  it('process each article once and store each once', async () => {
    pub = await startPublisher({});
    pub.feeds['/a.xml'] = rss('A', pub.url, makeItems(pub.url, 15, 80, 'alpha'));
    pub.feeds['/b.xml'] = rss('B', pub.url, makeItems(pub.url, 15, 80, 'beta'));
    const files = {
      sources: [
        { id: 'a', url: `${pub.url}/a.xml` },
        { id: 'b', url: `${pub.url}/b.xml` },
      ],
      feeds: [{ id: 'all', title: 'All', limit: 100 }],
      settings: { workers: { articleConcurrency: 3 } },
    };
    // The first instance owns the prefix (and deletes it at the end); the second joins it.
    const one = await startInstance({ ...files, roles: ['fetch', 'article', 'publish'] });
    instances.push(one);
    const two = await startInstance({ ...files, roles: ['fetch', 'article', 'publish'], prefix: one.prefix });
    instances.push(two);

    const done: string[] = [];
    for (const inst of [one, two]) {
      for (const w of inst.workers!.workers) {
        if (w.name === 'article') {
          w.on('completed', (_job: Job, result: ArticleJobResult) => {
            for (const i of result.items) if (i.outcome === 'new') done.push(i.itemKey);
          });
        }
      }
    }
    // Both instances ask for the same crawls, as two schedulers would: job ids make the second ask a no-op.
    for (const inst of [one, two]) {
      await enqueueFetch(inst.rt.deps.queues, 'a', { runId: 'r1' });
      await enqueueFetch(inst.rt.deps.queues, 'b', { runId: 'r1' });
    }
    await waitFor(async () => (await one.rt.deps.articles.count()) === 30 && done.length >= 30, 30_000, '30 articles');
    await waitFor(async () => {
      const c = await one.rt.deps.queues.article.getJobCounts('active', 'wait', 'delayed');
      return (c.active ?? 0) + (c.wait ?? 0) + (c.delayed ?? 0) === 0;
    });
    expect(done.length).toBe(30);
    expect(new Set(done).size).toBe(30);
    expect(await one.rt.deps.articles.count()).toBe(30);
  });
});
