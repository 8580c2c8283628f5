/**
 * Source management over the operator API on a running instance (real Redis, BullMQ workers, loopback publisher):
 * a source added at run time is crawled without a restart; pause, resume, update, remove with and without articles;
 * config-owned sources; list paging and filters; autodiscovery; OPML export and import; re-extraction.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestSource } from '../../../src/pipeline/index.js';
import { schedulerKey } from '../../../src/queue/queues.js';
import { storeKeys } from '../../../src/store/index.js';
import { rss, startPublisher, makeItems, type Publisher } from '../../helpers/feeds.js';
import { startInstance, waitFor, type Instance } from '../../helpers/instance.js';

const TOKEN = 'sources-token';
let pub: Publisher;
let inst: Instance;
/** Body of the article pages of the full-text feed; changed to see a re-extraction. */
let pageText = 'first';

function page(i: number): string {
  const words = Array.from({ length: 90 }, (_, w) => `${pageText}${i}w${w % 31}`).join(' ');
  return `<!doctype html><html><head><title>Page ${i}</title></head><body><article><h1>Page ${i}</h1><p>${words}</p><p>${words}</p></article></body></html>`;
}

beforeAll(async () => {
  const routes = Object.fromEntries(
    [0, 1].map((i) => [`/page/${i}`, (_req: unknown, res: ServerResponse) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page(i));
    }]),
  );
  pub = await startPublisher({}, {
    ...routes,
    '/site/': (_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<html><head><link rel="alternate" type="application/rss+xml" title="Site feed" href="/site.xml"></head><body>hi</body></html>');
    },
  });
  pub.feeds['/wire.xml'] = rss('Wire', pub.url, makeItems(pub.url, 2, 80, 'wire'));
  pub.feeds['/runtime.xml'] = rss('Runtime', pub.url, makeItems(pub.url, 3, 80, 'rt'));
  pub.feeds['/pause.xml'] = rss('Pause', pub.url, makeItems(pub.url, 1, 80, 'pz'));
  pub.feeds['/site.xml'] = rss('Site', pub.url, makeItems(pub.url, 1, 80, 'site'));
  pub.feeds['/ft.xml'] = rss('FT', pub.url, [0, 1].map((i) => ({ guid: `ft-${i}`, link: `${pub.url}/page/${i}`, title: `Page ${i}`, body: 'teaser only' })));
  inst = await startInstance({
    roles: ['fetch', 'article', 'publish'],
    http: true,
    env: { FEEDMILL_ADMIN_TOKEN: TOKEN },
    sources: [{ id: 'wire', url: `${pub.url}/wire.xml`, interval: '1h' }],
    feeds: [{ id: 'all', title: 'All', limit: 100 }],
  });
});

afterAll(async () => {
  await inst.close();
  await pub.close();
});

async function api(method: string, path: string, body?: unknown, type = 'application/json') {
  const res = await fetch(`${inst.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': type } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const json = (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as Json;
  return { status: res.status, headers: res.headers, text, json };
}

/** The JSON bodies these routes answer, loosely: an object (view, error, result) or an array of them. */
interface Body {
  id?: string;
  url?: string;
  error?: { code: string; message: string };
  jobs?: { sourceId: string }[];
  added?: string[];
  skipped?: { id?: string; code: string }[];
  [k: string]: unknown;
}
type Json = Body & Body[];

const scheduler = (id: string) => inst.rt.deps.queues.fetch.getJobScheduler(schedulerKey(id));

describe('sources API', () => {
  it('adds a source while the workers run: it is scheduled, crawled and its articles stored', async () => {
    const res = await api('POST', '/api/sources', { url: `${pub.url}/runtime.xml`, categories: ['extra'] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ id: '127-0-0-1', origin: 'runtime', paused: false, type: 'feed', url: `${pub.url}/runtime.xml`, adaptive: true });
    await waitFor(async () => (await inst.rt.deps.articles.count('127-0-0-1')) === 3, 20_000, 'runtime source crawled');
    const [a] = await inst.rt.deps.articles.getMany(await inst.rt.deps.articles.recentIds(0, 1, '127-0-0-1'));
    expect(a?.categories).toContain('extra');
    expect(await scheduler('127-0-0-1')).toBeDefined();
    expect((await api('GET', '/api/sources/127-0-0-1')).json).toMatchObject({ status: 'ok', articles: 3 });
    // The same URL again is refused; an explicit id that exists too.
    expect((await api('POST', '/api/sources', { url: `${pub.url}/runtime.xml`, type: 'feed' })).json.error?.code).toBe('CONFLICT');
    expect((await api('POST', '/api/sources', { id: 'wire', url: `${pub.url}/other.xml`, type: 'feed' })).status).toBe(409);
    expect((await api('POST', '/api/sources', { url: `${pub.url}/x.xml`, interval: 'soon', type: 'feed' })).json.error).toEqual({
      code: 'BAD_REQUEST', message: expect.stringMatching(/^interval: not a duration/),
    });
  });

  it('discovers the feed of an HTML page, on its own and when adding', async () => {
    const found = await api('POST', '/api/sources/discover', { url: `${pub.url}/site/` });
    expect(found.json).toEqual([{ url: `${pub.url}/site.xml`, type: 'rss', title: 'Site feed' }]);
    const added = await api('POST', '/api/sources', { id: 'site', url: `${pub.url}/site/` });
    expect(added.status).toBe(201);
    expect(added.json.url).toBe(`${pub.url}/site.xml`);
    expect((await api('POST', '/api/sources/discover', { url: `${pub.url}/nothing/` })).json.error?.code).toBe('DISCOVERY_FAILED');
  });

  it('pauses (no scheduler, scheduled fetches skipped, crawl-now still runs) and resumes', async () => {
    await api('POST', '/api/sources', { id: 'pausable', url: `${pub.url}/pause.xml`, type: 'feed' });
    await waitFor(async () => (await inst.rt.deps.sources.get('pausable')).fetches >= 1, 20_000, 'first crawl');
    const paused = await api('POST', '/api/sources/pausable/pause');
    expect(paused.json).toMatchObject({ paused: true, nextCheckAt: null });
    expect(await scheduler('pausable')).toBeUndefined();
    expect((await ingestSource({ sourceId: 'pausable' }, inst.rt.deps)).status).toBe('paused');
    expect((await api('GET', '/api/sources?status=paused')).json.map((v) => v.id)).toEqual(['pausable']);

    const before = (await inst.rt.deps.sources.get('pausable')).fetches;
    expect((await api('POST', '/api/sources/pausable/crawl')).status).toBe(202);
    await waitFor(async () => (await inst.rt.deps.sources.get('pausable')).fetches > before, 20_000, 'crawl-now of a paused source');
    expect(await scheduler('pausable')).toBeUndefined();

    expect((await api('POST', '/api/sources/pausable/resume')).json).toMatchObject({ paused: false });
    expect(await scheduler('pausable')).toBeDefined();
  });

  it('config-owned sources can be paused and crawled, not changed or removed', async () => {
    expect((await api('PATCH', '/api/sources/wire', { interval: '2h' })).json.error?.code).toBe('CONFIG_OWNED');
    const del = await api('DELETE', '/api/sources/wire');
    expect(del.status).toBe(409);
    expect(del.json.error?.code).toBe('CONFIG_OWNED');
    expect((await api('POST', '/api/sources/wire/pause')).json).toMatchObject({ origin: 'config', paused: true });
    expect((await api('POST', '/api/sources/wire/resume')).json).toMatchObject({ paused: false });
    const crawl = await api('POST', '/api/crawl', { sources: ['wire', 'site'] });
    expect(crawl.status).toBe(202);
    expect(crawl.json.jobs?.map((j) => j.sourceId)).toEqual(['wire', 'site']);
    expect((await api('POST', '/api/crawl', { sources: ['nope'] })).status).toBe(404);
  });

  it('updates a runtime source and moves its scheduler', async () => {
    // The crawls asked for above replan the schedule when they finish: let them finish first.
    await waitFor(async () => {
      const c = await inst.rt.deps.queues.fetch.getJobCounts('active', 'waiting', 'prioritized');
      return (c.active ?? 0) + (c.waiting ?? 0) + (c.prioritized ?? 0) === 0;
    }, 20_000, 'fetch queue idle');
    const res = await api('PATCH', '/api/sources/site', { interval: '2h', categories: ['a'] });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ intervalMs: 7_200_000, adaptive: false });
    expect(Number((await scheduler('site'))?.every)).toBe(7_200_000);
    expect((await api('PATCH', '/api/sources/site', { type: 'rss' })).json.error?.code).toBe('BAD_REQUEST');
    expect((await api('PATCH', '/api/sources/nope', { interval: '2h' })).status).toBe(404);
  });

  it('lists with filters, paging links and a total', async () => {
    const all = await api('GET', '/api/sources');
    expect(all.json.map((v) => v.id)).toEqual(['127-0-0-1', 'pausable', 'site', 'wire']);
    expect(all.headers.get('x-total-count')).toBe('4');
    const first = await api('GET', '/api/sources?origin=runtime&limit=2');
    expect(first.json.map((v) => v.id)).toEqual(['127-0-0-1', 'pausable']);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toMatch(/origin=runtime/);
    expect((await api('GET', next!)).json.map((v) => v.id)).toEqual(['site']);
    expect((await api('GET', '/api/sources?status=ok&origin=config')).json.map((v) => v.id)).toEqual(['wire']);
    expect((await api('GET', '/api/sources?status=broken')).json.error?.message).toMatch(/^status: /);
  });

  it('exports OPML with our options and imports it, skipping what exists', async () => {
    const out = await api('GET', '/api/opml');
    expect(out.headers.get('content-type')).toMatch(/^text\/x-opml/);
    expect(out.text).toContain('xmlns:feedmill="https://feedmill.dev/ns/opml/1.0"');
    expect(out.text).toMatch(/feedmill:id="site"[^>]*feedmill:interval="2h"/);
    const extra = `<opml version="2.0"><body><outline text="News"><outline type="rss" text="n" xmlUrl="${pub.url}/imported.xml"/></outline></body></opml>`;
    const res = await api('POST', '/api/opml', out.text.replace('</body>', `${extra.slice(extra.indexOf('<outline'), extra.indexOf('</body>'))}</body>`), 'text/x-opml');
    expect(res.status).toBe(200);
    expect(res.json.added).toEqual(['127-0-0-1-2']);
    expect(res.json.skipped?.map((s) => `${s.id} ${s.code}`).sort()).toEqual(['127-0-0-1 CONFLICT', 'pausable CONFLICT', 'site CONFLICT', 'wire CONFLICT']);
    expect((await api('GET', '/api/sources/127-0-0-1-2')).json).toMatchObject({ origin: 'runtime', url: `${pub.url}/imported.xml` });
    expect((await api('POST', '/api/opml', '<rss/>', 'application/xml')).status).toBe(400);
  });

  it('removes a source keeping its articles, or deleting them without tombstones', async () => {
    const keep = await api('DELETE', '/api/sources/127-0-0-1?articles=keep');
    expect(keep.status).toBe(204);
    expect((await api('GET', '/api/sources/127-0-0-1')).status).toBe(404);
    expect(await scheduler('127-0-0-1')).toBeUndefined();
    expect(await inst.rt.deps.articles.count('127-0-0-1')).toBe(3);

    const redis = inst.rt.redis;
    const k = storeKeys(inst.prefix);
    const ids = await inst.rt.deps.articles.recentIds(0, 10, 'site');
    expect(ids.length).toBe(1);
    expect((await api('DELETE', '/api/sources/site?articles=delete')).status).toBe(204);
    expect(await inst.rt.deps.articles.count('site')).toBe(0);
    expect(await redis.exists(k.article(ids[0]!), k.sourceState('site'), k.itemSeen('site'))).toBe(0);
    expect(await redis.hlen(k.tomb)).toBe(0);
    expect((await api('DELETE', '/api/sources/site')).status).toBe(404);
    expect((await api('DELETE', '/api/sources/pausable?articles=maybe')).status).toBe(400);
  });

  it('re-extracts a full-text source\'s stored articles from their pages', async () => {
    await api('POST', '/api/sources', { id: 'ft', url: `${pub.url}/ft.xml`, type: 'feed', fullText: true });
    const texts = async () => (await inst.rt.deps.articles.getMany(await inst.rt.deps.articles.recentIds(0, 10, 'ft'))).map((a) => a.contentText ?? '');
    await waitFor(async () => (await texts()).length === 2 && (await texts()).every((t) => t.includes('first')), 20_000, 'full text stored');
    pageText = 'second';
    const res = await api('POST', '/api/sources/ft/reextract');
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ sourceId: 'ft', articles: 2, jobId: expect.any(String) });
    await waitFor(async () => (await texts()).every((t) => t.includes('second') && !t.includes('first')), 20_000, 're-extracted text');
    expect(await inst.rt.deps.articles.count('ft')).toBe(2);
    expect((await api('POST', '/api/sources/nope/reextract')).status).toBe(404);
  });
});
