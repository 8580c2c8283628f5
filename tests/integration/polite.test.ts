/** Politeness on real Redis and loopback HTTP: robots.txt for article pages, a per-host budget shared by workers. */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlOnce } from '../../src/commands/crawl.js';
import { makeItems, rss, startPublisher, type Publisher } from '../helpers/feeds.js';
import { startInstance, type Instance } from '../helpers/instance.js';

let pub: Publisher | undefined;
const instances: Instance[] = [];
afterEach(async () => {
  for (const i of instances.splice(0)) await i.close();
  await pub?.close();
});

function page(title: string, body: string) {
  return (_req: unknown, res: ServerResponse) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<html><body><article><h1>${title}</h1><p>${body} Full page text.</p><p>${body}</p></article></body></html>`);
  };
}

describe('politeness', () => {
  it('never fetches a page robots.txt disallows, and keeps the feed content for it', async () => {
    const items = makeItems('', 2, 120, 'rb').map((it, i) => ({ ...it, link: i === 0 ? '/public/1' : '/private/2' }));
    pub = await startPublisher({}, {
      '/robots.txt': (_req, res) => void res.end('User-agent: *\nDisallow: /private/\n'),
      '/public/1': page(items[0]!.title, items[0]!.body),
      '/private/2': page(items[1]!.title, items[1]!.body),
    });
    pub.feeds['/f.xml'] = rss('Robots', pub.url, items.map((i) => ({ ...i, link: `${pub!.url}${i.link}` })));
    const inst = await startInstance({ sources: [{ id: 'r', url: `${pub.url}/f.xml`, fullText: true }], feeds: [{ id: 'all', title: 'All' }] });
    instances.push(inst);
    const [sum] = await crawlOnce([], { config: inst.configDir, env: inst.env });
    expect(sum).toMatchObject({ new: 2, errors: 0 });
    expect(pub.hits.filter((h) => h.includes('/private/'))).toEqual([]);
    expect(pub.hits.filter((h) => h === 'GET /robots.txt')).toHaveLength(1);
    const arts = await inst.rt.deps.articles.getMany(await inst.rt.deps.articles.recentIds(0, 10));
    expect(arts.find((a) => a.url.endsWith('/public/1'))?.contentText).toContain('Full page text.');
    expect(arts.find((a) => a.url.endsWith('/private/2'))?.contentText).not.toContain('Full page text.');
    // Why the feed's own content was kept is recorded on the source, for operators.
    expect(await inst.rt.deps.sources.fullTextStats('r')).toMatchObject({
      ok: 1,
      failed: 1,
      lastError: { code: 'ROBOTS', message: 'fetch: disallowed by robots.txt' },
      lastMethod: 'generic',
    });
  });

  it('keeps one request at a time per host across workers, deferring (not failing) what waits', async () => {
    const items = makeItems('', 6, 120, 'pol');
    let inFlight = 0;
    let maxInFlight = 0;
    const pages: Record<string, (req: unknown, res: ServerResponse) => void> = {};
    for (const it of items) {
      pages[it.link] = (_req, res) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          page(it.title, it.body)(_req, res);
        }, 50);
      };
    }
    pub = await startPublisher({}, pages);
    pub.feeds['/f.xml'] = rss('Polite', pub.url, items.map((i) => ({ ...i, link: `${pub!.url}${i.link}` })));
    const inst = await startInstance({
      sources: [{ id: 'p', url: `${pub.url}/f.xml`, fullText: true }],
      feeds: [{ id: 'all', title: 'All' }],
      settings: { fetch: { politeness: { spacing: '100ms', concurrency: 1 } }, workers: { articleConcurrency: 6 } },
    });
    instances.push(inst);
    const [sum] = await crawlOnce([], { config: inst.configDir, env: inst.env });
    expect(sum).toMatchObject({ new: 6, errors: 0 });
    expect(maxInFlight).toBe(1);
    expect(await inst.rt.deps.queues.article.getFailed()).toEqual([]);
    const arts = await inst.rt.deps.articles.getMany(await inst.rt.deps.articles.recentIds(0, 10));
    expect(arts.every((a) => a.contentText?.includes('Full page text.'))).toBe(true);
  });
});
