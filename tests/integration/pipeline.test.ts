/** The whole pipeline on real Redis and loopback HTTP: feed in → deduplicated articles → RSS/Atom/JSON out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlOnce } from '../../src/commands/crawl.js';
import { startInstance, type Instance } from '../helpers/instance.js';
import { rss, startPublisher, type Publisher, type TestItem } from '../helpers/feeds.js';

let pub: Publisher;
let inst: Instance;
let items: TestItem[];

const crawl = () => crawlOnce([], { config: inst.configDir, env: inst.env });

function countItems(body: string, format: 'rss' | 'atom' | 'json'): number {
  if (format === 'json') return (JSON.parse(body) as { items: unknown[] }).items.length;
  return body.split(format === 'rss' ? '<item>' : '<entry>').length - 1;
}

beforeAll(async () => {
  pub = await startPublisher({});
  items = [
    { guid: 'g-1', link: `${pub.url}/news/1`, title: 'Harbor bridge reopens after repairs', body: 'The harbor bridge reopened on Monday after six months of repairs, city officials said. '.repeat(8) },
    { guid: 'g-2', link: `${pub.url}/news/2?utm_source=rss&utm_medium=feed`, title: 'Council approves new budget', body: 'The city council approved a budget that raises spending on schools and transit. '.repeat(8) },
    { guid: 'g-3', link: `${pub.url}/news/3`, title: 'Library extends weekend hours', body: 'The public library will stay open later on weekends starting next month, its director said. '.repeat(8) },
  ];
  pub.feeds['/feed.xml'] = rss('Test Daily', pub.url, items);
  inst = await startInstance({
    http: true,
    sources: [{ id: 'daily', url: `${pub.url}/feed.xml`, interval: '15m' }],
    feeds: [
      { id: 'all', title: 'All' },
      { id: 'budget', title: 'Budget only', filter: { include: ['budget'] } },
    ],
  });
});

afterAll(async () => {
  await inst?.close();
  await pub?.close();
});

describe('pipeline', () => {
  it('a feed goes in and the three outbound formats carry each item once', async () => {
    const [summary] = await crawl();
    expect(summary).toMatchObject({ sourceId: 'daily', status: 'ok', items: 3, new: 3, errors: 0 });
    for (const format of ['rss', 'atom', 'json'] as const) {
      const res = await fetch(`${inst.url}/feeds/all.${format}`);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(countItems(body, format)).toBe(3);
      for (const it of items) expect(body).toContain(it.title);
      // Tracking parameters never reach the outbound feed.
      expect(body).not.toContain('utm_source');
    }
    expect(res2type(await fetch(`${inst.url}/feeds/all.atom`))).toMatch(/^application\/atom\+xml/);
    expect(res2type(await fetch(`${inst.url}/feeds/all.json`))).toMatch(/^application\/feed\+json/);
    expect(res2type(await fetch(`${inst.url}/feeds/all.rss`))).toMatch(/^application\/rss\+xml/);
    const budget = await (await fetch(`${inst.url}/feeds/budget.json`)).json();
    expect((budget as { items: { title: string }[] }).items.map((i) => i.title)).toEqual(['Council approves new budget']);
  });

  it('crawling again is a conditional GET answered 304, and adds nothing', async () => {
    const hitsBefore = pub.headers.length;
    const [summary] = await crawl();
    expect(summary).toMatchObject({ status: 'not-modified', new: 0, updated: 0 });
    const sent = pub.headers.slice(hitsBefore).find((h) => h['if-none-match']);
    expect(sent?.['if-none-match']).toMatch(/^"/);
    expect(await inst.rt.deps.articles.count()).toBe(3);
  });

  it('a changed item is updated in place, keeping its id', async () => {
    const before = await inst.rt.deps.articles.recentIds(0, 10);
    items[0] = { ...items[0]!, title: 'Harbor bridge reopens after repairs (corrected)' };
    // The same story re-listed with a different tracking parameter is still the same article.
    items[1] = { ...items[1]!, link: `${pub.url}/news/2?utm_source=twitter&fbclid=abc` };
    pub.feeds['/feed.xml'] = rss('Test Daily', pub.url, items);
    const [summary] = await crawl();
    expect(summary).toMatchObject({ status: 'ok', new: 0, updated: 1 });
    expect(summary!.unchanged).toBe(2);
    const after = await inst.rt.deps.articles.recentIds(0, 10);
    expect(after.sort()).toEqual(before.sort());
    const body = await (await fetch(`${inst.url}/feeds/all.atom`)).text();
    expect(body).toContain('(corrected)');
    expect(countItems(body, 'atom')).toBe(3);
    const updated = (await inst.rt.deps.articles.getMany(after)).find((a) => a.guid === 'g-1');
    expect(updated?.updatedAt).toBeDefined();
  });

  it('an item that loses its GUID but keeps its link is the same article', async () => {
    const flipped = items.map((i) => ({ ...i, guid: undefined }));
    pub.feeds['/feed.xml'] = rss('Test Daily', pub.url, flipped);
    await crawl();
    expect(await inst.rt.deps.articles.count()).toBe(3);
  });

  it('serves outbound feeds with ETag/Last-Modified, 304 on conditional requests, and HEAD', async () => {
    const first = await fetch(`${inst.url}/feeds/all.rss`);
    const etag = first.headers.get('etag');
    const lastModified = first.headers.get('last-modified');
    expect(etag).toMatch(/^"/);
    expect(lastModified).toBeTruthy();
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect((await fetch(`${inst.url}/feeds/all.rss`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
    expect((await fetch(`${inst.url}/feeds/all.rss`, { headers: { 'if-modified-since': lastModified! } })).status).toBe(304);
    expect((await fetch(`${inst.url}/feeds/all.rss`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    const head = await fetch(`${inst.url}/feeds/all.rss`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    expect(await head.text()).toBe('');
    expect((await fetch(`${inst.url}/feeds/nope.rss`)).status).toBe(404);
    expect((await fetch(`${inst.url}/feeds/all.xml`)).status).toBe(404);
  });

  it('records source health for operators', async () => {
    const res = await fetch(`${inst.url}/api/sources`);
    expect(res.status).toBe(503); // no operator token configured
  });
});

function res2type(res: Response): string {
  return res.headers.get('content-type') ?? '';
}
