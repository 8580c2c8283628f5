/**
 * Partner access on real Redis: tokens created through the operator API, scoped to feeds, rate-limited,
 * revoked; stored hashed and never logged; subscriber counts from feed readers' User-Agents.
 */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACT_PATHS } from '../../../src/runtime/logger.js';
import { buildApp } from '../../../src/server/app.js';
import { TokenStore } from '../../../src/partners/tokens.js';
import { startInstance, type Instance } from '../../helpers/instance.js';
import { testRedis } from '../../helpers/redis.js';
import { seed, seedArticle } from './seed.js';

const ADMIN = 'operator-secret-token';
const NOW = new Date('2026-03-01T12:00:10Z');
let inst: Instance;
let app: FastifyInstance;
let base: string;
const logs: string[] = [];

const admin = { authorization: `Bearer ${ADMIN}` };
const call = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, init);

async function createToken(body: Record<string, unknown>): Promise<{ token: string; id: string }> {
  const res = await call('/api/tokens', { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; id: string };
}

beforeAll(async () => {
  inst = await startInstance({
    env: { FEEDMILL_ADMIN_TOKEN: ADMIN },
    feeds: [
      { id: 'partner', title: 'Partner wire', access: 'token' },
      { id: 'premium', title: 'Premium wire', access: 'token' },
      { id: 'open', title: 'Open' },
    ],
  });
  await seed(inst.rt.deps.articles, Array.from({ length: 5 }, (_, i) => seedArticle(i + 1)));
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const log = pino({ level: 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
  // A fixed clock keeps the per-minute rate window deterministic.
  app = buildApp({ ...inst.rt.serverDeps, log, now: () => NOW });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  await inst?.close();
});

describe('partner tokens', () => {
  it('a token reads the feeds it is scoped to, by header or ?token=, and nothing else', async () => {
    const { token } = await createToken({ name: 'Acme', feeds: ['partner'] });
    expect(token).toMatch(/^fmp_/);
    const byHeader = await call('/feeds/partner.rss', { headers: { authorization: `Bearer ${token}` } });
    expect(byHeader.status).toBe(200);
    expect(byHeader.headers.get('cache-control')).toBe('private, max-age=300');
    expect((await call(`/feeds/partner.json?token=${token}`)).status).toBe(200);
    expect((await call('/feeds/premium.rss', { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    expect((await call('/feeds/partner.rss')).status).toBe(401);
    expect((await call('/feeds/partner.rss?token=fmp_nope')).status).toBe(401);
    // The operator token still reads every feed.
    expect((await call('/feeds/premium.rss', { headers: admin })).status).toBe(200);
  });

  it('a wildcard token reads every token feed', async () => {
    const { token } = await createToken({ name: 'All-access', feeds: ['*'] });
    for (const f of ['partner', 'premium']) expect((await call(`/feeds/${f}.atom?token=${token}`)).status).toBe(200);
  });

  it('revoked tokens stop working at once', async () => {
    const { token, id } = await createToken({ name: 'Shortlived', feeds: ['partner'] });
    expect((await call(`/feeds/partner.rss?token=${token}`)).status).toBe(200);
    expect((await call(`/api/tokens/${id}`, { method: 'DELETE', headers: admin })).status).toBe(204);
    expect((await call(`/feeds/partner.rss?token=${token}`)).status).toBe(401);
    expect((await call(`/api/tokens/${id}`, { method: 'DELETE', headers: admin })).status).toBe(404);
  });

  it('each token has its own rate limit (429 with Retry-After)', async () => {
    const a = await createToken({ name: 'Slow', feeds: ['partner'], ratePerMinute: 3 });
    const b = await createToken({ name: 'Other', feeds: ['partner'], ratePerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(`/feeds/partner.rss?token=${a.token}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call(`/feeds/partner.rss?token=${a.token}`);
    expect(limited.headers.get('retry-after')).toBe('50');
    expect((await call(`/feeds/partner.rss?token=${b.token}`)).status).toBe(200);
  });

  it('the list shows tokens without secrets; Redis holds only hashes', async () => {
    const { token } = await createToken({ name: 'Listed', feeds: ['premium'] });
    const res = await call('/api/tokens', { headers: admin });
    const text = await res.text();
    expect(text).toContain('"name":"Listed"');
    expect(text).not.toContain(token);
    const redis = testRedis();
    const keys = await redis.keys(`${inst.prefix}:tok*`);
    for (const k of keys) {
      const type = await redis.type(k);
      const dump = type === 'hash' ? JSON.stringify(await redis.hgetall(k)) : type === 'string' ? await redis.get(k) : '';
      expect(`${k} ${dump}`).not.toContain(token);
    }
    await redis.quit();
    expect(await new TokenStore(inst.rt.redis, inst.prefix).list()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Listed' })]));
  });

  it('the token API needs the operator token and validates its input', async () => {
    expect((await call('/api/tokens')).status).toBe(401);
    const bad = await call('/api/tokens', { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', feeds: ['nope'] }) });
    expect(bad.status).toBe(400);
  });

  it('tokens in ?token= never reach the logs, even when a request fails', async () => {
    const { token } = await createToken({ name: 'Logged?', feeds: ['*'] });
    const failing = buildApp({
      ...inst.rt.serverDeps,
      log: pino({ level: 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, new Writable({
        write(chunk: Buffer, _enc, done) {
          logs.push(chunk.toString());
          done();
        },
      })),
      publish: () => Promise.reject(new Error('render exploded')),
    });
    await failing.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = `http://127.0.0.1:${(failing.server.address() as AddressInfo).port}`;
      // A 500 is logged by Fastify with the request (method, URL) at error level.
      expect((await fetch(`${url}/feeds/open.rss?limit=2&token=${token}`)).status).toBe(500);
      expect((await fetch(`${url}/feeds/open.rss?token=${ADMIN}`)).status).toBe(500);
    } finally {
      await failing.close();
    }
    app.log.warn({ token, authorization: `Bearer ${token}` }, 'probe');
    const all = logs.join('');
    expect(all).toContain('render exploded');
    expect(all).toContain('/feeds/open.rss?limit=2&token=[redacted]');
    expect(all).not.toContain(token);
    expect(all).not.toContain(ADMIN);
  });
});

describe('subscriber counts', () => {
  it('are recorded from feed readers’ User-Agents and summed per feed', async () => {
    await call('/feeds/open.rss', { headers: { 'user-agent': 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; feed-id=abc)' } });
    await call('/feeds/open.atom', { headers: { 'user-agent': 'Mozilla/5.0 (compatible; Inoreader/1.0; https://www.inoreader.com; 8 subscribers)' } });
    await call('/feeds/open.atom', { headers: { 'user-agent': 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 43 subscribers; feed-id=abc)' } });
    let open: { subscribers: { total: number; readers: { reader: string; count: number }[] } } | undefined;
    for (let i = 0; i < 50 && open?.subscribers.total !== 51; i++) {
      const feeds = (await (await call('/api/feeds', { headers: admin })).json()) as { id: string; subscribers: { total: number; readers: { reader: string; count: number }[] } }[];
      open = feeds.find((f) => f.id === 'open');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(open?.subscribers.total).toBe(51);
    expect(open?.subscribers.readers.map((r) => [r.reader, r.count])).toEqual([['Feedly', 43], ['Inoreader', 8]]);
  });
});

describe('discovery', () => {
  it('/ and /feeds.opml list the public feeds only', async () => {
    const page = await (await call('/')).text();
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" title="Open"');
    expect(page).toContain('type="application/feed+json"');
    expect(page).not.toContain('Partner wire');
    const opml = await call('/feeds.opml');
    expect(opml.headers.get('content-type')).toMatch(/^text\/x-opml/);
    const text = await opml.text();
    expect(text).toContain('text="Open"');
    expect(text).not.toContain('Premium');
  });
});
