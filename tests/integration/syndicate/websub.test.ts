/** WebSub publishing against a fake hub on loopback: one ping per changed format, retried with backoff. */
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { FeedDefinition } from '../../../src/model/source.js';
import { publishFeed } from '../../../src/pipeline/publish-feed.js';
import { notifyHub } from '../../../src/websub/notify.js';
import { startServer, type TestServer } from '../../helpers/http.js';
import { startInstance, type Instance } from '../../helpers/instance.js';
import { seed, seedArticle } from './seed.js';

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (d: Buffer) => (s += d.toString()));
    req.on('end', () => resolve(s));
  });

let hub: TestServer;
const pings: URLSearchParams[] = [];
let failuresLeft = 0;
let inst: Instance;

beforeAll(async () => {
  hub = await startServer({
    '/hub': async (req, res) => {
      const form = new URLSearchParams(await body(req));
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
      if (failuresLeft > 0) {
        failuresLeft--;
        res.statusCode = 503;
        res.end('busy');
        return;
      }
      pings.push(form);
      res.statusCode = 204;
      res.end();
    },
    '/refuse': (_req, res) => {
      res.statusCode = 400;
      res.end('bad topic');
    },
  });
  inst = await startInstance({
    raw: { 'feeds.yaml': stringify({ websub: { hub: `${hub.url}/hub` }, feeds: [{ id: 'all', title: 'All' }, { id: 'quiet', title: 'Q', websub: false }] }) },
  });
  await seed(inst.rt.deps.articles, Array.from({ length: 3 }, (_, i) => seedArticle(i + 1)));
});
afterAll(async () => {
  await inst?.close();
  await hub?.close();
});

// No server reloads here (no HTTP): the grace before each ping can be short.
const deps = () => ({ ...inst.rt.deps, websub: { baseDelayMs: 1, attempts: 4 }, hubPingGraceMs: 1 });

describe('WebSub publish pings', () => {
  it('feeds.yaml websub.hub reaches the feed definitions (and websub: false opts out)', () => {
    expect(inst.config.feeds.map((f) => f.hub)).toEqual([`${hub.url}/hub`, undefined]);
  });

  it('a render that changes the feed pings the hub once per changed format, retrying after 503s', async () => {
    failuresLeft = 2;
    pings.length = 0;
    const res = await publishFeed(inst.config.feeds[0]!, deps());
    expect(res.changed).toEqual(['rss', 'atom', 'json']);
    const base = inst.config.server.baseUrl;
    const topics = ['rss', 'atom', 'json'].map((f) => `${base}/feeds/all.${f}`);
    expect(res.pinged?.sort()).toEqual([...topics].sort());
    expect(pings.map((p) => p.get('hub.mode'))).toEqual(['publish', 'publish', 'publish']);
    expect(pings.map((p) => p.get('hub.url')).sort()).toEqual([...topics].sort());
    expect(failuresLeft).toBe(0);
  });

  it('an unchanged render does not ping; a new article does', async () => {
    pings.length = 0;
    const same = await publishFeed(inst.config.feeds[0]!, deps());
    expect(same.changed).toEqual([]);
    expect(same.pinged).toBeUndefined();
    expect(pings).toHaveLength(0);
    await seed(inst.rt.deps.articles, [seedArticle(10)]);
    const changed = await publishFeed(inst.config.feeds[0]!, deps());
    expect(changed.changed).toHaveLength(3);
    expect(pings).toHaveLength(3);
  });

  it('a feed without a hub never pings', async () => {
    pings.length = 0;
    const res = await publishFeed(inst.config.feeds[1]!, deps());
    expect(res.changed).toHaveLength(3);
    expect(res.pinged).toBeUndefined();
    expect(pings).toHaveLength(0);
  });

  it('a 4xx answer is final; an unreachable hub is retried, then given up, without throwing', async () => {
    const warnings: string[] = [];
    const log = { warn: (_o: object, msg: string) => void warnings.push(msg) };
    hub.hits.length = 0;
    expect(await notifyHub(`${hub.url}/refuse`, ['http://x.example/feeds/a.rss'], { baseDelayMs: 1, log })).toEqual([]);
    expect(hub.hits.filter((h) => h.includes('/refuse'))).toHaveLength(1);
    const closed = await startServer({});
    const deadUrl = `${closed.url}/hub`;
    await closed.close();
    expect(await notifyHub(deadUrl, ['http://x.example/feeds/a.rss'], { baseDelayMs: 1, attempts: 3, log })).toEqual([]);
    expect(warnings.filter((w) => w.includes('unreachable'))).toHaveLength(3);
    expect(warnings).toContain('websub publish ping gave up');
  });

  it('the rendered feed announces the hub', async () => {
    const def: FeedDefinition = inst.config.feeds[0]!;
    const entry = await inst.rt.deps.rendered.get(def.id, 'rss');
    expect(entry?.body).toContain(`<atom:link href="${hub.url}/hub" rel="hub"/>`);
    expect(entry?.gzip?.length).toBeGreaterThan(0);
    expect(entry?.br?.length).toBeGreaterThan(0);
  });
});
