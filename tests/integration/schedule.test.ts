/** The fetch stage's source lifecycle on real Redis and loopback HTTP: adaptive next checks, Retry-After, 410, 301/302. */
import { afterEach, describe, expect, it } from 'vitest';
import { ingestSource } from '../../src/pipeline/index.js';
import { schedulerKey } from '../../src/queue/queues.js';
import { makeItems, rss, startPublisher, type Publisher } from '../helpers/feeds.js';
import { startInstance, type Instance } from '../helpers/instance.js';

let pub: Publisher | undefined;
const instances: Instance[] = [];
afterEach(async () => {
  for (const i of instances.splice(0)) await i.close();
  await pub?.close();
});

async function setup(sources: Record<string, unknown>[]): Promise<Instance> {
  const inst = await startInstance({ sources, feeds: [{ id: 'all', title: 'All' }] });
  instances.push(inst);
  return inst;
}

describe('source lifecycle', () => {
  it('plans the next check from the feed itself (<ttl>) and moves the job scheduler to it', async () => {
    pub = await startPublisher({});
    // Items an hour apart, the newest just now: the source's own rhythm is hourly, and its <ttl> asks for 3 hours.
    const recent = makeItems(pub.url, 3, 50, 'ttl').map((it, i) => ({ ...it, pubDate: new Date(Date.now() - i * 3600_000).toUTCString() }));
    pub.feeds['/ttl.xml'] = rss('TTL', pub.url, recent).replace('<description>test</description>', '<description>test</description><ttl>180</ttl>');
    const inst = await setup([{ id: 'ttl', url: `${pub.url}/ttl.xml` }]);
    const before = Date.now();
    await ingestSource({ sourceId: 'ttl' }, inst.rt.deps);
    const st = await inst.rt.deps.sources.get('ttl');
    expect(st.intervalReason).toMatch(/ttl 180m/);
    expect(st.intervalMs).toBeGreaterThanOrEqual(180 * 60_000 * 0.9);
    expect(Date.parse(st.nextCheckAt!)).toBeGreaterThan(before + 150 * 60_000);
    const sch = await inst.rt.deps.queues.fetch.getJobScheduler(schedulerKey('ttl'));
    expect(Number(sch?.every)).toBe(st.intervalMs);
    expect(sch?.next).toBe(Date.parse(st.nextCheckAt!));
  });

  it('waits out Retry-After for that source only, and records RATE_LIMITED', async () => {
    pub = await startPublisher({}, {
      '/busy.xml': (_req, res) => {
        res.statusCode = 429;
        res.setHeader('retry-after', '7200');
        res.end('slow down');
      },
    });
    pub.feeds['/fine.xml'] = rss('Fine', pub.url, makeItems(pub.url, 2, 50, 'fine'));
    const inst = await setup([
      { id: 'busy', url: `${pub.url}/busy.xml` },
      { id: 'fine', url: `${pub.url}/fine.xml` },
    ]);
    const [busy, fine] = await Promise.all([ingestSource({ sourceId: 'busy' }, inst.rt.deps), ingestSource({ sourceId: 'fine' }, inst.rt.deps)]);
    expect(busy).toMatchObject({ status: 'error', errorCode: 'RATE_LIMITED' });
    expect(fine).toMatchObject({ status: 'ok', items: 2 });
    const st = await inst.rt.deps.sources.get('busy');
    expect(st.lastError).toMatchObject({ code: 'RATE_LIMITED', message: 'fetch: too many requests (429)' });
    expect(st.intervalReason).toMatch(/retry-after/i);
    expect(Date.parse(st.nextCheckAt!)).toBeGreaterThanOrEqual(Date.now() + 7000 * 1000);
  });

  it('mutes a source that answers 410 until an operator forces a crawl', async () => {
    let gone = true;
    pub = await startPublisher({}, {
      '/gone.xml': (_req, res) => {
        if (gone) {
          res.statusCode = 410;
          res.end();
        } else {
          res.setHeader('content-type', 'application/rss+xml');
          res.end(rss('Back', pub!.url, makeItems(pub!.url, 1, 50, 'back')));
        }
      },
    });
    const inst = await setup([{ id: 'gone', url: `${pub.url}/gone.xml` }]);
    expect(await ingestSource({ sourceId: 'gone' }, inst.rt.deps)).toMatchObject({ errorCode: 'GONE' });
    expect((await inst.rt.deps.sources.get('gone')).status).toBe('gone');
    expect(await inst.rt.deps.queues.fetch.getJobScheduler(schedulerKey('gone'))).toBeUndefined();
    const hits = pub.hits.length;
    expect(await ingestSource({ sourceId: 'gone' }, inst.rt.deps)).toMatchObject({ errorCode: 'GONE' });
    expect(pub.hits.length).toBe(hits); // muted: not even asked
    gone = false;
    expect(await ingestSource({ sourceId: 'gone', force: true }, inst.rt.deps)).toMatchObject({ status: 'ok', items: 1 });
    expect((await inst.rt.deps.sources.get('gone')).status).toBe('ok');
    expect(await inst.rt.deps.queues.fetch.getJobScheduler(schedulerKey('gone'))).toBeDefined();
  });

  it('follows a 301 for good but a 302 only this time', async () => {
    pub = await startPublisher({}, {
      '/old.xml': (_req, res) => {
        res.statusCode = 301;
        res.setHeader('location', '/new.xml');
        res.end();
      },
      '/temp.xml': (_req, res) => {
        res.statusCode = 302;
        res.setHeader('location', '/new.xml');
        res.end();
      },
    });
    pub.feeds['/new.xml'] = rss('New', pub.url, makeItems(pub.url, 1, 50, 'moved'));
    const inst = await setup([
      { id: 'perm', url: `${pub.url}/old.xml` },
      { id: 'temp', url: `${pub.url}/temp.xml` },
    ]);
    await ingestSource({ sourceId: 'perm' }, inst.rt.deps);
    await ingestSource({ sourceId: 'temp' }, inst.rt.deps);
    expect((await inst.rt.deps.sources.get('perm')).url).toBe(`${pub.url}/new.xml`);
    expect((await inst.rt.deps.sources.get('temp')).url).toBeUndefined();
  });

  it('reports an HTML page where a feed was expected as NOT_A_FEED, without holding up a healthy source', async () => {
    pub = await startPublisher({}, {
      '/page.html': (_req, res) => {
        res.setHeader('content-type', 'text/html');
        res.end('<!doctype html><html><body><h1>Welcome</h1></body></html>');
      },
    });
    pub.feeds['/ok.xml'] = rss('OK', pub.url, makeItems(pub.url, 2, 50, 'okk'));
    const inst = await setup([
      { id: 'html', url: `${pub.url}/page.html` },
      { id: 'ok', url: `${pub.url}/ok.xml` },
    ]);
    const [bad, good] = await Promise.all([ingestSource({ sourceId: 'html' }, inst.rt.deps), ingestSource({ sourceId: 'ok' }, inst.rt.deps)]);
    expect(bad).toMatchObject({ status: 'error', errorCode: 'NOT_A_FEED' });
    expect(good).toMatchObject({ status: 'ok', items: 2 });
    expect((await inst.rt.deps.sources.get('html')).consecutiveFailures).toBe(1);
  });

  it('sends validators, but fetches without them once a day to recover from wrong 304s', async () => {
    pub = await startPublisher({});
    pub.feeds['/v.xml'] = rss('V', pub.url, makeItems(pub.url, 1, 50, 'val'));
    const inst = await setup([{ id: 'v', url: `${pub.url}/v.xml` }]);
    await ingestSource({ sourceId: 'v' }, inst.rt.deps);
    expect(await ingestSource({ sourceId: 'v' }, inst.rt.deps)).toMatchObject({ status: 'not-modified' });
    const st = await inst.rt.deps.sources.get('v');
    st.lastFullFetchAt = new Date(Date.now() - 25 * 3600_000).toISOString();
    await inst.rt.deps.sources.put('v', st);
    const before = pub.headers.length;
    await ingestSource({ sourceId: 'v' }, inst.rt.deps);
    expect(pub.headers.slice(before).every((h) => h['if-none-match'] === undefined)).toBe(true);
  });
});
