/**
 * Serving feeds over loopback HTTP on real Redis: precompressed variants chosen by Accept-Encoding with a
 * strong ETag each, conditional requests per encoding, HEAD, Link header, single flight of renders.
 */
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { FeedDefinition } from '../../../src/model/source.js';
import { publishFeed } from '../../../src/pipeline/publish-feed.js';
import { buildApp } from '../../../src/server/app.js';
import { startInstance, type Instance } from '../../helpers/instance.js';
import { seed, seedArticle } from './seed.js';

let inst: Instance;

async function get(path: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET', base = inst.url!) {
  const res = await request(`${base}${path}`, { method, headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  const h = (name: string) => {
    const v = res.headers[name];
    return Array.isArray(v) ? v.join(', ') : v;
  };
  return { status: res.statusCode, body, h };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  inst = await startInstance({
    http: true,
    raw: {
      'feeds.yaml': stringify({
        websub: { hub: 'https://hub.example.com/' },
        feeds: [
          { id: 'all', title: 'All', limit: 50, content: 'full' },
          { id: 'fresh', title: 'Never rendered', limit: 50, websub: false },
          { id: 'fresh2', title: 'Never rendered either', limit: 50, websub: false },
          { id: 'fresh3', title: 'Never rendered at all', limit: 50, websub: false },
        ],
      }),
    },
  });
  await seed(inst.rt.deps.articles, Array.from({ length: 30 }, (_, i) => seedArticle(i + 1)));
  await publishFeed(inst.config.feeds[0]!, { ...inst.rt.deps, notifyHub: async () => [] });
});
afterAll(async () => {
  await inst?.close();
});

describe('precompressed variants', () => {
  it.each([
    ['br, gzip', 'br', (b: Buffer) => brotliDecompressSync(b)],
    ['gzip', 'gzip', (b: Buffer) => gunzipSync(b)],
    ['', undefined, (b: Buffer) => b],
  ] as const)('Accept-Encoding %j → %s, same document, own strong ETag, Vary', async (accept, coding, decode) => {
    const plain = await get('/feeds/all.rss');
    const res = await get('/feeds/all.rss', accept ? { 'accept-encoding': accept } : {});
    expect(res.status).toBe(200);
    expect(res.h('content-encoding')).toBe(coding);
    expect(res.h('vary')).toBe('Accept-Encoding');
    expect(res.h('cache-control')).toBe('public, max-age=300');
    expect(decode(res.body).equals(plain.body)).toBe(true);
    const etag = res.h('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(etag).toBe(coding ? plain.h('etag')!.replace(/"$/, `-${coding}"`) : plain.h('etag'));
    if (coding) expect(res.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('conditional requests are answered per representation', async () => {
    const gz = await get('/feeds/all.atom', { 'accept-encoding': 'gzip' });
    const tag = gz.h('etag')!;
    const lm = gz.h('last-modified')!;
    const same = await get('/feeds/all.atom', { 'accept-encoding': 'gzip', 'if-none-match': tag });
    expect(same.status).toBe(304);
    expect(same.body.length).toBe(0);
    expect(same.h('etag')).toBe(tag);
    expect(same.h('vary')).toBe('Accept-Encoding');
    // The gzip tag does not validate the brotli (or identity) representation.
    expect((await get('/feeds/all.atom', { 'accept-encoding': 'br', 'if-none-match': tag })).status).toBe(200);
    expect((await get('/feeds/all.atom', { 'if-none-match': tag })).status).toBe(200);
    expect((await get('/feeds/all.atom', { 'accept-encoding': 'br', 'if-modified-since': lm })).status).toBe(304);
    expect((await get('/feeds/all.atom', { 'accept-encoding': 'gzip', 'if-none-match': '"stale"', 'if-modified-since': lm })).status).toBe(200);
  });

  it('HEAD sends the headers of GET without a body', async () => {
    const getRes = await get('/feeds/all.json', { 'accept-encoding': 'gzip' });
    const head = await get('/feeds/all.json', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const h of ['etag', 'last-modified', 'content-type', 'content-encoding', 'vary', 'cache-control']) expect(head.h(h)).toBe(getRes.h(h));
    expect(head.h('content-length')).toBe(String(getRes.body.length));
  });

  it('announces the WebSub hub and self in a Link header and in the document', async () => {
    const res = await get('/feeds/all.atom');
    expect(res.h('link')).toBe(`<https://hub.example.com/>; rel="hub", <${inst.config.server.baseUrl}/feeds/all.atom>; rel="self"`);
    expect(res.body.toString()).toContain('<link rel="hub" href="https://hub.example.com/"/>');
    expect((await get('/feeds/fresh.atom')).h('link')).toBeUndefined();
  });

  it('a WebSub hub fetching right after the ping gets the new render, with a new ETag', async () => {
    const before = await get('/feeds/all.json');
    await seed(inst.rt.deps.articles, [seedArticle(99, { title: 'Breaking story' })]);
    // The hub fetches the topic the moment it is pinged (no network in between: the worst case).
    let after: Awaited<ReturnType<typeof get>> | undefined;
    const hub = async () => {
      after = await get('/feeds/all.json');
      return [];
    };
    await publishFeed(inst.config.feeds[0]!, { ...inst.rt.deps, notifyHub: hub });
    if (!after) throw new Error('the hub was not pinged');
    expect(after.h('etag')).not.toBe(before.h('etag'));
    expect(after.body.toString()).toContain('Breaking story');
    expect((await get('/feeds/all.json', { 'if-none-match': before.h('etag')! })).status).toBe(200);
  });

  it('narrowed responses are compressed too, with their own validators', async () => {
    const res = await get('/feeds/all.rss?category=Even&limit=5', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.h('content-encoding')).toBe('gzip');
    const doc = gunzipSync(res.body).toString();
    expect(doc.match(/<item>/g)).toHaveLength(5);
    expect(doc).not.toContain('<category>Odd</category>');
    expect((await get('/feeds/all.rss?category=Even&limit=5', { 'accept-encoding': 'gzip', 'if-none-match': res.h('etag')! })).status).toBe(304);
  });
});

describe('single flight', () => {
  it('100 concurrent requests on a never-rendered feed cause one render', async () => {
    let renders = 0;
    const app = buildApp({
      ...inst.rt.serverDeps,
      publish: async (def: FeedDefinition) => {
        renders++;
        return publishFeed(def, inst.rt.deps);
      },
    });
    try {
      const base = await listen(app);
      const all = await Promise.all(Array.from({ length: 100 }, () => get('/feeds/fresh3.json', {}, 'GET', base)));
      expect(renders).toBe(1);
      expect(all.every((r) => r.status === 200)).toBe(true);
      expect(new Set(all.map((r) => r.h('etag'))).size).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('two server processes racing on a never-rendered feed still render it once (Redis lock)', async () => {
    let renders = 0;
    const publish = async (def: FeedDefinition) => {
      renders++;
      return publishFeed(def, inst.rt.deps);
    };
    const a = buildApp({ ...inst.rt.serverDeps, publish });
    const b = buildApp({ ...inst.rt.serverDeps, publish });
    try {
      const [ua, ub] = [await listen(a), await listen(b)];
      const all = await Promise.all(Array.from({ length: 40 }, (_, i) => get('/feeds/fresh2.rss', {}, 'GET', i % 2 ? ua : ub)));
      expect(renders).toBe(1);
      expect(all.every((r) => r.status === 200)).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
