/**
 * The in-memory serving path on real Redis and loopback HTTP: two servers on one Redis both serve a new
 * render as soon as it is published (change channel, not a timer); the fast path's in-memory request counts
 * reach /metrics; a partner that authenticates by ?token= gets paging links that carry its token, while the
 * shared pre-rendered bytes never contain one.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishFeed } from '../../../src/pipeline/publish-feed.js';
import { TokenStore } from '../../../src/partners/tokens.js';
import { createMetrics } from '../../../src/runtime/metrics.js';
import { buildApp } from '../../../src/server/app.js';
import { startInstance, waitFor, type Instance } from '../../helpers/instance.js';
import { seed, seedArticle } from './seed.js';

let inst: Instance;
const apps: FastifyInstance[] = [];

async function serve(app: FastifyInstance): Promise<string> {
  apps.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  inst = await startInstance({
    env: { FEEDMILL_ADMIN_TOKEN: 'operator-secret' },
    feeds: [
      { id: 'all', title: 'All', limit: 5, content: 'summary' },
      { id: 'wire', title: 'Partner wire', limit: 3, content: 'summary', access: 'token' },
    ],
  });
  await seed(inst.rt.deps.articles, Array.from({ length: 8 }, (_, i) => seedArticle(i + 1)));
  for (const def of inst.config.feeds) await publishFeed(def, { ...inst.rt.deps, notifyHub: async () => [] });
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await inst?.close();
});

describe('memory copies across servers', () => {
  it('a publish changes what two servers on one Redis serve, though each trusts its copy for a minute', async () => {
    // A one-minute trust window: only the change channel can make these servers notice the new render.
    const deps = { ...inst.rt.serverDeps, feedRecheckMs: 60_000 };
    const [a, b] = [await serve(buildApp(deps)), await serve(buildApp(deps))];
    const channel = inst.rt.deps.rendered.changesChannel();
    await waitFor(async () => {
      const [, n] = (await inst.rt.redis.pubsub('NUMSUB', channel)) as [string, number];
      return Number(n) >= 2;
    }, 10_000, 'both servers subscribed');
    const before = await Promise.all([a, b].map(async (u) => (await fetch(`${u}/feeds/all.json`)).headers.get('etag')));
    expect(before[0]).toBe(before[1]);
    // Served from memory now (a second read within the trust window).
    expect((await fetch(`${a}/feeds/all.json`)).headers.get('etag')).toBe(before[0]);

    await seed(inst.rt.deps.articles, [seedArticle(50, { title: 'Late breaking story' })]);
    await publishFeed(inst.config.feeds[0]!, { ...inst.rt.deps, notifyHub: async () => [] });
    // The change message travels asynchronously: poll until it has arrived, within a bound well under 60 s.
    for (const u of [a, b]) {
      let body = '';
      await waitFor(async () => {
        body = await (await fetch(`${u}/feeds/all.json`)).text();
        return body.includes('Late breaking story');
      }, 10_000, `${u} serving the new render`);
      const res = await fetch(`${u}/feeds/all.json`, { headers: { 'if-none-match': before[0]! } });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).not.toBe(before[0]);
    }
  });

  it('requests answered from memory are counted per feed, format and status in /metrics', async () => {
    const url = await serve(buildApp({ ...inst.rt.serverDeps, metrics: createMetrics() }));
    const first = await fetch(`${url}/feeds/all.rss`);
    await first.arrayBuffer();
    for (let i = 0; i < 3; i++) await (await fetch(`${url}/feeds/all.rss`, { headers: { 'if-none-match': first.headers.get('etag')! } })).arrayBuffer();
    await (await fetch(`${url}/feeds/all.rss`, { method: 'HEAD' })).arrayBuffer();
    // Through Fastify's route (a narrowed URL, an unknown feed): counted too, unknown ids never become labels.
    await (await fetch(`${url}/feeds/all.json?limit=2`)).arrayBuffer();
    expect((await fetch(`${url}/feeds/nope.json`)).status).toBe(404);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^feedmill_feed_requests_total\{feed="all",format="rss",status="200"\} 2$/m);
    expect(metrics).toMatch(/^feedmill_feed_requests_total\{feed="all",format="rss",status="304"\} 3$/m);
    expect(metrics).toMatch(/^feedmill_feed_requests_total\{feed="all",format="json",status="200"\} 1$/m);
    expect(metrics).not.toContain('feed="nope"');
    // A second scrape adds nothing that was not served since.
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/status="304"\} 3$/m);
  });
});

describe('paging links of token feeds', () => {
  let base: string;
  let token: string;
  beforeAll(async () => {
    base = await serve(buildApp(inst.rt.serverDeps));
    const tokens = new TokenStore(inst.rt.redis, inst.config.redis.prefix);
    token = (await tokens.create({ name: 'reader', feeds: ['wire'], ratePerMinute: 1000 })).secret;
  });

  it('a partner using ?token= can follow next_url to the end; each page links with its token', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${base}/feeds/wire.json?token=${encodeURIComponent(token)}`;
    for (let n = 0; url && n < 10; n++) {
      const res = await fetch(url.replace(inst.config.server.baseUrl, base));
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toMatch(/^private/);
      const doc = (await res.json()) as { items: { id: string }[]; next_url?: string; feed_url: string };
      expect(doc.feed_url).not.toContain('token');
      if (doc.next_url) expect(new URL(doc.next_url).searchParams.get('token')).toBe(token);
      seen.push(...doc.items.map((i) => i.id));
      url = doc.next_url;
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
  });

  it('Atom first/next/last carry the token; self does not', async () => {
    const atom = await (await fetch(`${base}/feeds/wire.atom?token=${encodeURIComponent(token)}`)).text();
    const href = (rel: string) => new RegExp(`<link rel="${rel}" href="([^"]+)"`).exec(atom)?.[1]?.replace(/&amp;/g, '&');
    for (const rel of ['first', 'next', 'last']) expect(new URL(href(rel)!).searchParams.get('token')).toBe(token);
    expect(href('self')).not.toContain('token');
  });

  it('the shared bytes never carry a token: header access gets links without one', async () => {
    await fetch(`${base}/feeds/wire.json?token=${encodeURIComponent(token)}`);
    const res = await fetch(`${base}/feeds/wire.json`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    expect(text).not.toContain(token);
    expect((JSON.parse(text) as { next_url?: string }).next_url).toMatch(/\?before=[^&]+$/);
    expect(await inst.rt.deps.rendered.get('wire', 'json')).not.toMatchObject({ body: expect.stringContaining(token) });
  });

  it('a token-carrying render answers conditional requests and is never served to another token', async () => {
    const tokens = new TokenStore(inst.rt.redis, inst.config.redis.prefix);
    const other = (await tokens.create({ name: 'other', feeds: ['wire'], ratePerMinute: 1000 })).secret;
    const mine = await fetch(`${base}/feeds/wire.rss?token=${encodeURIComponent(token)}`);
    const body = await mine.text();
    expect(body).toContain(`token=${encodeURIComponent(token)}`);
    const again = await fetch(`${base}/feeds/wire.rss?token=${encodeURIComponent(token)}`, { headers: { 'if-none-match': mine.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const theirs = await (await fetch(`${base}/feeds/wire.rss?token=${encodeURIComponent(other)}`)).text();
    expect(theirs).not.toContain(token);
    expect(theirs).toContain(`token=${encodeURIComponent(other)}`);
  });
});
