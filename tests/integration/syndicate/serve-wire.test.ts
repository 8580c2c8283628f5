/**
 * Feeds answered on the raw socket (server.wireFastPath, the default) are the same responses node:http gives
 * (wireFastPath: false): byte-identical bodies and the same status and headers but Date, for every format,
 * coding, HEAD and conditional request, on real Redis and loopback sockets. Requests the wire path must not
 * take (query strings, token feeds, other routes) reach Fastify.
 */
import { connect, type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubscriberStore } from '../../../src/partners/subscribers.js';
import { publishFeed } from '../../../src/pipeline/publish-feed.js';
import { createMetrics } from '../../../src/runtime/metrics.js';
import { buildApp } from '../../../src/server/app.js';
import type { WireServer } from '../../../src/server/wire.js';
import { startInstance, waitFor, type Instance } from '../../helpers/instance.js';
import { seed, seedArticle } from './seed.js';

let inst: Instance;
const apps: FastifyInstance[] = [];
let wirePort: number;
let httpPort: number;
let wireServer: WireServer;

async function listen(wireFastPath: boolean): Promise<FastifyInstance> {
  const config = { ...inst.config, server: { ...inst.config.server, wireFastPath } };
  // Memory copies trusted for a minute (renders would arrive on the change channel): every request after the
  // warm-up is answered from memory, so each one is a wire answer on the wire server whatever the machine's pace.
  const app = buildApp({ ...inst.rt.serverDeps, config, feedRecheckMs: 60_000 });
  apps.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}

/** Sends raw request bytes on a new connection; resolves with everything received once the server closes it. */
function exchange(port: number, request: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** Status line and headers (lower-cased names, sorted, Date left out) and the body bytes. */
function split(raw: Buffer): { head: string[]; body: Buffer } {
  const end = raw.indexOf('\r\n\r\n');
  const [status, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const head = lines
    .map((l) => {
      const i = l.indexOf(':');
      return `${l.slice(0, i).toLowerCase()}: ${l.slice(i + 1).trim()}`;
    })
    .filter((l) => !l.startsWith('date: '))
    .sort();
  return { head: [status!, ...head], body: raw.subarray(end + 4) };
}

const request = (method: string, path: string, ...headers: string[]) => [`${method} ${path} HTTP/1.1`, 'Host: feeds.test', ...headers, 'Connection: close', '', ''].join('\r\n');

beforeAll(async () => {
  inst = await startInstance({
    feeds: [
      { id: 'all', title: 'All', limit: 5, content: 'summary' },
      { id: 'partner', title: 'Partner wire', limit: 3, content: 'summary', access: 'token' },
    ],
  });
  await seed(inst.rt.deps.articles, Array.from({ length: 6 }, (_, i) => seedArticle(i + 1)));
  for (const def of inst.config.feeds) await publishFeed(def, { ...inst.rt.deps, notifyHub: async () => [] });
  const wire = await listen(true);
  wireServer = wire.server as WireServer;
  wirePort = (wire.server.address() as AddressInfo).port;
  httpPort = ((await listen(false)).server.address() as AddressInfo).port;
  const channel = inst.rt.deps.rendered.changesChannel();
  await waitFor(async () => Number(((await inst.rt.redis.pubsub('NUMSUB', channel)) as [string, number])[1]) >= 2, 10_000, 'both servers subscribed');
  // Warm both servers' memory copies (the first request of a feed may be a Redis read, answered by Fastify).
  for (const port of [wirePort, httpPort]) for (const f of ['rss', 'atom', 'json']) await exchange(port, request('GET', `/feeds/all.${f}`));
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await inst?.close();
});

describe('feeds on the wire', () => {
  it.each(['rss', 'atom', 'json'])('%s: every coding, HEAD and validator gets what node:http sends', async (format) => {
    const path = `/feeds/all.${format}`;
    const plain = split(await exchange(httpPort, request('GET', path)));
    const etag = /^etag: (.*)$/m.exec(plain.head.join('\n'))![1]!;
    const lastModified = /^last-modified: (.*)$/m.exec(plain.head.join('\n'))![1]!;
    const gzipTag = split(await exchange(httpPort, request('GET', path, 'Accept-Encoding: gzip'))).head.find((h) => h.startsWith('etag: '))!.slice(6);
    const cases = [
      request('GET', path),
      request('GET', path, 'Accept-Encoding: gzip, deflate'),
      request('GET', path, 'Accept-Encoding: gzip, deflate, br'),
      request('GET', path, 'Accept-Encoding: br;q=0, gzip;q=0.5'),
      request('HEAD', path),
      request('HEAD', path, 'Accept-Encoding: gzip'),
      request('GET', path, `If-None-Match: ${etag}`),
      request('GET', path, `If-None-Match: W/${etag}`),
      request('GET', path, `If-None-Match: "other", ${gzipTag}`, 'Accept-Encoding: gzip'),
      request('GET', path, 'If-None-Match: "stale"'),
      request('GET', path, `If-Modified-Since: ${lastModified}`),
      request('GET', path, 'If-Modified-Since: Thu, 01 Jan 2004 00:00:00 GMT'),
      request('GET', path, 'User-Agent: Feedbin feed-id:1 - 42 subscribers'),
      // What nginx sends upstream by default: HTTP/1.0 and Connection: close.
      `GET ${path} HTTP/1.0\r\nHost: feeds.test\r\nConnection: close\r\nX-Forwarded-For: 203.0.113.9\r\nAccept-Encoding: gzip\r\n\r\n`,
      `HEAD ${path} HTTP/1.0\r\n\r\n`,
    ];
    for (const text of cases) {
      const before = wireServer.wireAnswers;
      const [viaWire, viaHttp] = [split(await exchange(wirePort, text)), split(await exchange(httpPort, text))];
      expect(wireServer.wireAnswers, text).toBe(before + 1);
      expect(viaWire.head, text).toEqual(viaHttp.head);
      expect(viaWire.body.equals(viaHttp.body), text).toBe(true);
    }
  });

  it('HTTP/1.0 with keep-alive gets what node:http sends, and the connection kept', async () => {
    const text = 'GET /feeds/all.json HTTP/1.0\r\nConnection: keep-alive\r\n\r\n';
    // Half-closed after the request: both servers answer, then end the connection.
    const halfClosed = (port: number) =>
      new Promise<Buffer>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(text));
        const chunks: Buffer[] = [];
        socket.on('data', (d: Buffer) => chunks.push(d));
        socket.on('close', () => resolve(Buffer.concat(chunks)));
      });
    const before = wireServer.wireAnswers;
    const [viaWire, viaHttp] = [split(await halfClosed(wirePort)), split(await halfClosed(httpPort))];
    expect(wireServer.wireAnswers).toBe(before + 1);
    expect(viaWire.head).toContain('connection: keep-alive');
    expect(viaWire.head).toEqual(viaHttp.head);
    expect(viaWire.body.equals(viaHttp.body)).toBe(true);
  });

  it.each([
    ['a query string', request('GET', '/feeds/all.rss?limit=2'), 200],
    ['a token feed', request('GET', '/feeds/partner.rss'), 401],
    ['an unknown feed', request('GET', '/feeds/nope.rss'), 404],
    ['another route', request('GET', '/healthz'), 200],
    ['a method the fast path does not take', request('DELETE', '/feeds/all.rss'), 404],
  ])('%s goes to Fastify, not the wire', async (_what, text, status) => {
    const before = wireServer.wireAnswers;
    const raw = await exchange(wirePort, text);
    expect(raw.toString('latin1')).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(wireServer.wireAnswers).toBe(before);
  });

  it('/metrics reports the wire answers and the connections handed to node:http', async () => {
    const app = buildApp({ ...inst.rt.serverDeps, feedRecheckMs: 60_000, metrics: createMetrics({ processMetrics: false }) });
    apps.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    // The first request of a fresh server may wait for its memory copy (Fastify's route answers it): warm up.
    await waitFor(async () => {
      const before = (app.server as WireServer).wireAnswers;
      await exchange(port, request('GET', '/feeds/all.rss'));
      return (app.server as WireServer).wireAnswers > before;
    }, 10_000, 'answered on the wire');
    const [answers, handoffs] = [(app.server as WireServer).wireAnswers, (app.server as WireServer).wireHandoffs];
    await exchange(port, request('GET', '/feeds/all.rss', 'Accept-Encoding: gzip'));
    await exchange(port, request('GET', '/feeds/all.rss?limit=2'));
    // The scrape's own connection is handed over too (/metrics is not a feed): counted before the scrape reads.
    const text = (await exchange(port, request('GET', '/metrics'))).toString('latin1');
    expect(text).toMatch(new RegExp(`^feedmill_wire_answers_total ${answers + 1}$`, 'm'));
    expect(text).toMatch(new RegExp(`^feedmill_wire_handoffs_total ${handoffs + 2}$`, 'm'));
  });

  it('subscriber counts come from User-Agents answered on the wire', async () => {
    const before = wireServer.wireAnswers;
    await exchange(wirePort, request('GET', '/feeds/all.atom', 'User-Agent: Feedly/1.0 (+http://www.feedly.com/fetcher.html; 7 subscribers; feed-id=x)'));
    expect(wireServer.wireAnswers).toBe(before + 1);
    const store = new SubscriberStore(inst.rt.redis, inst.config.redis.prefix);
    await waitFor(async () => (await store.get('all')).readers.some((r) => r.count === 7), 5000, 'the count recorded');
  });
});
