import { once } from 'node:events';
import type http from 'node:http';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, decodeText, type Fetcher, type FetcherOptions } from '../../../src/fetch/index.js';
import { FeedmillError } from '../../../src/model/errors.js';
import { startServer, type Route, type TestServer } from '../../helpers/http.js';
import { brotliBomb, gzipBomb, peakRssGrowth } from '../../unit/fetch/bombs.js';

const MiB = 1024 * 1024;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function server(routes: Record<string, Route>): Promise<TestServer> {
  const s = await startServer(routes);
  cleanups.push(() => s.close());
  return s;
}

/** A fetcher that may reach only `srv` (the way production allowlists a host:port). */
function fetcherFor(srv: TestServer, opts: FetcherOptions = {}): Fetcher {
  const f = createFetcher({ timeoutMs: 5_000, allow: [`127.0.0.1:${srv.port}`], ...opts });
  cleanups.push(() => f.close());
  return f;
}

async function failure(p: Promise<unknown>): Promise<FeedmillError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(FeedmillError);
    return err as FeedmillError;
  }
  throw new Error('expected the fetch to fail');
}

/** Resolves when the server side of the request's socket has closed. */
const socketClosed = (req: http.IncomingMessage) => (req.socket.destroyed ? Promise.resolve() : once(req.socket, 'close'));

/** Waits for 'drain' or 'close' without leaving listeners behind (a write loop would pile them up). */
const drainedOrClosed = (res: http.ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });

const send = (status: number, headers: http.OutgoingHttpHeaders, body: string | Buffer = ''): Route => (_req, res) => {
  res.writeHead(status, headers);
  res.end(body);
};
const redirect = (status: number, location: string) => send(status, { location });

describe('fetch: success', () => {
  it('returns body and caching headers, and sends our User-Agent and Accept-Encoding', async () => {
    const srv = await server({
      '/feed': send(200, {
        'content-type': 'application/rss+xml; charset=utf-8',
        etag: '"v1"',
        'last-modified': 'Wed, 01 May 2024 12:00:00 GMT',
        'cache-control': 'max-age=300',
        expires: 'Wed, 01 May 2024 12:05:00 GMT',
      }, '<rss/>'),
    });
    const res = await fetcherFor(srv).fetch(`${srv.url}/feed#frag`);
    expect(res).toMatchObject({
      status: 200,
      url: `${srv.url}/feed`,
      contentType: 'application/rss+xml; charset=utf-8',
      etag: '"v1"',
      lastModified: 'Wed, 01 May 2024 12:00:00 GMT',
      cacheControl: 'max-age=300',
      expires: 'Wed, 01 May 2024 12:05:00 GMT',
      bytes: 6,
    });
    expect(res.permanentUrl).toBeUndefined();
    expect(res.body.toString()).toBe('<rss/>');
    expect(srv.headers[0]).toMatchObject({
      'user-agent': 'feedmill/0.1 (+https://github.com/feedmill/feedmill)',
      'accept-encoding': 'gzip, deflate, br',
    });
  });

  it('sends per-request headers but not ones the transport owns', async () => {
    const srv = await server({ '/': send(200, {}, 'ok') });
    await fetcherFor(srv, { userAgent: 'test-agent' }).fetch(`${srv.url}/`, {
      headers: { 'X-Api-Key': 'k1', 'Accept-Encoding': 'zstd' },
      accept: 'application/feed+json',
    });
    expect(srv.headers[0]).toMatchObject({ 'x-api-key': 'k1', 'accept-encoding': 'gzip, deflate, br', accept: 'application/feed+json', 'user-agent': 'test-agent' });
  });

  it('turns user:pass@ in the URL into Basic auth and keeps it out of the reported URL', async () => {
    const srv = await server({ '/feed': send(200, {}, 'ok') });
    const res = await fetcherFor(srv).fetch(`http://reader:p%40ss@127.0.0.1:${srv.port}/feed`);
    expect(srv.headers[0]?.authorization).toBe(`Basic ${Buffer.from('reader:p@ss').toString('base64')}`);
    expect(res.url).toBe(`${srv.url}/feed`);
  });

  it.each([
    ['gzip', zlib.gzipSync],
    ['deflate', zlib.deflateSync],
    ['br', zlib.brotliCompressSync],
  ] as const)('decodes a %s response and counts decoded bytes', async (encoding, compress) => {
    const text = 'news '.repeat(1000);
    const srv = await server({ '/': send(200, { 'content-encoding': encoding }, compress(Buffer.from(text))) });
    const res = await fetcherFor(srv).fetch(`${srv.url}/`);
    expect(res.body.toString()).toBe(text);
    expect(res.bytes).toBe(text.length);
  });

  it('refuses a Content-Encoding it never asked for', async () => {
    const srv = await server({ '/': send(200, { 'content-encoding': 'zstd' }, 'xx') });
    expect((await failure(fetcherFor(srv).fetch(`${srv.url}/`))).code).toBe('DECODE');
  });
});

describe('fetch: deadline', () => {
  it('headers never sent → TIMEOUT, and the socket is destroyed', async () => {
    let closed: Promise<unknown> | undefined;
    const srv = await server({ '/': (req) => void (closed = socketClosed(req)) });
    const err = await failure(fetcherFor(srv, { timeoutMs: 300 }).fetch(`${srv.url}/`));
    expect(err).toMatchObject({ code: 'TIMEOUT', retryable: true, message: 'fetch: timed out after 300 ms' });
    await closed;
  });

  it('a 1-byte-per-second drip cannot outlast the deadline', async () => {
    let closed: Promise<unknown> | undefined;
    const srv = await server({
      '/': (req, res) => {
        closed = socketClosed(req);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('a');
        const timer = setInterval(() => res.write('a'), 1000);
        res.on('close', () => clearInterval(timer));
      },
    });
    expect((await failure(fetcherFor(srv, { timeoutMs: 300 }).fetch(`${srv.url}/`))).code).toBe('TIMEOUT');
    await closed;
  });

  it('a body that stalls after 200 bytes → TIMEOUT (per-request timeoutMs)', async () => {
    const srv = await server({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('x'.repeat(200));
      },
    });
    const err = await failure(fetcherFor(srv).fetch(`${srv.url}/`, { timeoutMs: 300 }));
    expect(err.message).toBe('fetch: timed out after 300 ms');
  });

  it('a caller abort rejects with the caller reason', async () => {
    const srv = await server({ '/': () => undefined });
    const ac = new AbortController();
    const p = fetcherFor(srv).fetch(`${srv.url}/`, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('shutting down')), 50);
    await expect(p).rejects.toThrow('shutting down');
  });
});

describe('fetch: size cap', () => {
  it('a chunked body far over the cap is cut off while streaming', async () => {
    let sent = 0;
    const srv = await server({
      '/': async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        // Up to 200 MB, generated lazily and only as fast as the client reads.
        for (let i = 0; i < 3200 && !res.destroyed; i++) {
          sent += chunk.length;
          if (!res.write(chunk)) await drainedOrClosed(res);
        }
        res.end();
      },
    });
    const err = await failure(fetcherFor(srv, { maxBytes: MiB }).fetch(`${srv.url}/`));
    expect(err).toMatchObject({ code: 'TOO_LARGE', retryable: false, message: `fetch: response exceeds ${MiB} bytes` });
    expect(sent).toBeLessThan(50 * MiB);
  });

  it('an announced Content-Length over the cap is refused before reading', async () => {
    const srv = await server({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-length': String(10 * 1024 * MiB) });
        res.write('x');
      },
    });
    expect((await failure(fetcherFor(srv).fetch(`${srv.url}/`, { maxBytes: MiB }))).code).toBe('TOO_LARGE');
  });

  describe('compression bombs', () => {
    let gzip: Buffer;
    let brotli: Buffer;
    beforeAll(async () => {
      [gzip, brotli] = await Promise.all([gzipBomb(), brotliBomb()]);
    });

    it.each([
      ['gzip', () => gzip],
      ['br', () => brotli],
    ] as const)('%s bomb (512 MiB inflated) stops at the cap with memory staying small', async (encoding, bomb) => {
      const srv = await server({ '/': send(200, { 'content-encoding': encoding }, bomb()) });
      const fetcher = fetcherFor(srv, { maxBytes: MiB });
      const { result, growth } = await peakRssGrowth(() => fetcher.fetch(`${srv.url}/`));
      expect(result.status).toBe('rejected');
      expect(result.status === 'rejected' && (result.reason as FeedmillError).code).toBe('TOO_LARGE');
      // Generous: inflating everything would add 512 MiB to this worker process.
      expect(growth).toBeLessThan(128 * MiB);
    });
  });
});

describe('fetch: redirects', () => {
  it('a redirect loop → TOO_MANY_REDIRECTS after maxRedirects hops', async () => {
    const srv = await server({ '/loop': redirect(302, '/loop') });
    const err = await failure(fetcherFor(srv, { maxRedirects: 3 }).fetch(`${srv.url}/loop`));
    expect(err).toMatchObject({ code: 'TOO_MANY_REDIRECTS', message: 'fetch: more than 3 redirects' });
    expect(srv.hits).toHaveLength(4);
  });

  it('301 → 308 chain gives permanentUrl', async () => {
    const srv = await server({ '/a': redirect(301, '/b'), '/b': redirect(308, '/c?x=1'), '/c': send(200, {}, 'ok') });
    const res = await fetcherFor(srv).fetch(`${srv.url}/a`);
    expect(res.url).toBe(`${srv.url}/c?x=1`);
    expect(res.permanentUrl).toBe(`${srv.url}/c?x=1`);
  });

  it.each([302, 303, 307])('a %d anywhere in the chain means no permanentUrl', async (temporary) => {
    const srv = await server({ '/a': redirect(301, '/b'), '/b': redirect(temporary, '/c'), '/c': send(200, {}, 'ok') });
    const res = await fetcherFor(srv).fetch(`${srv.url}/a`);
    expect(res.url).toBe(`${srv.url}/c`);
    expect(res.permanentUrl).toBeUndefined();
  });

  it('drops per-request headers on a cross-origin redirect', async () => {
    const other = await server({ '/': send(200, {}, 'ok') });
    const srv = await server({ '/': redirect(302, `${other.url}/`) });
    const f = createFetcher({ allow: [`127.0.0.1:${srv.port}`, `127.0.0.1:${other.port}`] });
    cleanups.push(() => f.close());
    await f.fetch(`${srv.url}/`, { headers: { cookie: 'session=s3cret' } });
    expect(srv.headers[0]?.cookie).toBe('session=s3cret');
    expect(other.headers[0]?.cookie).toBeUndefined();
  });

  it.each([
    ['ftp://example.com/feed', 'BAD_SCHEME'],
    ['file:///etc/passwd', 'BAD_SCHEME'],
    ['http://[::1', 'BAD_URL'],
  ])('a redirect to %s → %s', async (location, code) => {
    const srv = await server({ '/': redirect(302, location) });
    expect((await failure(fetcherFor(srv).fetch(`${srv.url}/`))).code).toBe(code);
  });
});

describe('fetch: address guard', () => {
  it.each([
    ['127.0.0.1 on another port', (other: TestServer) => `http://127.0.0.1:${other.port}/`],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['2130706433 (127.0.0.1 as one number)', () => 'http://2130706433/'],
    ['0x7f.1 (127.0.0.1 in hex shorthand)', () => 'http://0x7f.1/'],
    ['an IPv4-mapped IPv6 loopback', () => 'http://[::ffff:127.0.0.1]/'],
    ['localhost on another port (checked at DNS lookup)', (other: TestServer) => `http://localhost:${other.port}/`],
  ])('refuses a redirect to %s', async (_name, location) => {
    const other = await server({ '/': send(200, {}, 'secret') });
    const srv = await server({ '/': redirect(302, location(other)) });
    const err = await failure(fetcherFor(srv).fetch(`${srv.url}/`));
    expect(err).toMatchObject({ code: 'BLOCKED_ADDRESS', retryable: false });
    expect(other.hits).toHaveLength(0);
  });

  it.each(['http://2130706433/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/'])('refuses %s outright', async (url) => {
    const f = createFetcher({ timeoutMs: 2_000 });
    cleanups.push(() => f.close());
    expect((await failure(f.fetch(url))).code).toBe('BLOCKED_ADDRESS');
  });

  it('a private address is blocked unless allowPrivateNetworks is on', async () => {
    const srv = await server({ '/': send(200, {}, 'ok') });
    const closed = createFetcher({ timeoutMs: 2_000 });
    const open = createFetcher({ timeoutMs: 2_000, allowPrivateNetworks: true });
    cleanups.push(() => closed.close(), () => open.close());
    expect((await failure(closed.fetch(`${srv.url}/`))).message).toBe('fetch: address 127.0.0.1 is not allowed: loopback');
    expect((await open.fetch(`${srv.url}/`)).status).toBe(200);
  });

  it('checks the resolved address of a hostname at connect time, and honours a host:port entry', async () => {
    const srv = await server({ '/': send(200, {}, 'ok') });
    const err = await failure(fetcherFor(srv).fetch(`http://localhost:${srv.port}/`));
    expect(err.code).toBe('BLOCKED_ADDRESS');
    expect(err.message).toMatch(/^fetch: address localhost \((127\.0\.0\.1|::1)\) is not allowed: loopback$/);
    const byName = createFetcher({ allow: [`localhost:${srv.port}`], timeoutMs: 2_000 });
    cleanups.push(() => byName.close());
    expect((await byName.fetch(`http://localhost:${srv.port}/`).catch((e: FeedmillError) => e.code))).not.toBe('BLOCKED_ADDRESS');
  });

  it('a CIDR entry allows the range', async () => {
    const srv = await server({ '/': send(200, {}, 'ok') });
    const f = createFetcher({ allow: ['127.0.0.0/8'], timeoutMs: 2_000 });
    cleanups.push(() => f.close());
    expect((await f.fetch(`${srv.url}/`)).status).toBe(200);
  });
});

describe('fetch: statuses', () => {
  it('429 with Retry-After seconds → RATE_LIMITED', async () => {
    const srv = await server({ '/': send(429, { 'retry-after': '120' }) });
    const err = await failure(fetcherFor(srv).fetch(`${srv.url}/`));
    expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 120_000, message: 'fetch: too many requests (429)' });
  });

  it('503 with Retry-After HTTP-date → RATE_LIMITED', async () => {
    const at = new Date(Date.now() + 3_600_000).toUTCString();
    const srv = await server({ '/': send(503, { 'retry-after': at }) });
    const err = await failure(fetcherFor(srv).fetch(`${srv.url}/`));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterMs).toBeGreaterThan(3_000_000);
  });

  it.each([
    [410, 'GONE', false],
    [404, 'HTTP_4XX', false],
    [408, 'HTTP_4XX', true],
    [500, 'HTTP_5XX', true],
    [503, 'HTTP_5XX', true],
  ])('%d → %s', async (status, code, retryable) => {
    const srv = await server({ '/': send(status, {}, 'body') });
    expect(await failure(fetcherFor(srv).fetch(`${srv.url}/`))).toMatchObject({ code, retryable, status });
  });

  it('never puts request header values in error messages', async () => {
    const srv = await server({ '/': send(403, {}) });
    const err = await failure(fetcherFor(srv).fetch(`${srv.url}/`, { headers: { authorization: 'Bearer TOKEN123' } }));
    expect(JSON.stringify({ message: err.message, stack: err.stack })).not.toContain('TOKEN123');
  });

  it('connection refused → CONNECT', async () => {
    const srv = await server({});
    const port = srv.port;
    await srv.close();
    const f = createFetcher({ allow: [`127.0.0.1:${port}`], timeoutMs: 2_000 });
    cleanups.push(() => f.close());
    expect(await failure(f.fetch(`http://127.0.0.1:${port}/`))).toMatchObject({ code: 'CONNECT', retryable: true });
  });
});

describe('fetch: conditional GET', () => {
  it('sends If-None-Match / If-Modified-Since and returns 304 with an empty body', async () => {
    const srv = await server({
      '/': (req, res) => {
        res.writeHead(req.headers['if-none-match'] === '"v1"' ? 304 : 200, { etag: '"v1"' });
        res.end(req.headers['if-none-match'] === '"v1"' ? undefined : 'full');
      },
    });
    const res = await fetcherFor(srv).fetch(`${srv.url}/`, { etag: '"v1"', lastModified: 'Wed, 01 May 2024 12:00:00 GMT' });
    expect(res).toMatchObject({ status: 304, bytes: 0, etag: '"v1"' });
    expect(res.body.length).toBe(0);
    expect(srv.headers[0]).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Wed, 01 May 2024 12:00:00 GMT' });
  });
});

describe('fetch + decodeText: bodies without a charset in Content-Type', () => {
  it.each([
    ['latin-1', iconv.encode('<title>Caf\u00e9 \u00e0 la cr\u00e8me</title>', 'latin1'), '<title>Caf\u00e9 \u00e0 la cr\u00e8me</title>'],
    ['windows-1252', iconv.encode('<p>\u201cQuoted\u201d \u2014 \u20ac5</p>', 'windows-1252'), '<p>\u201cQuoted\u201d \u2014 \u20ac5</p>'],
    ['invalid UTF-8 (stray 0x93 0x94)', Buffer.from([0x3c, 0x70, 0x3e, 0x93, 0x68, 0x69, 0x94]), '<p>\u201chi\u201d'],
    ['XML declaration ISO-8859-1', iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><t>\u00e9</t>', 'latin1'), '<?xml version="1.0" encoding="ISO-8859-1"?><t>\u00e9</t>'],
  ])('%s', async (_name, bytes, expected) => {
    const srv = await server({ '/': send(200, { 'content-type': 'text/html' }, bytes) });
    const res = await fetcherFor(srv).fetch(`${srv.url}/`);
    expect(decodeText(res.body, res.contentType)).toBe(expected);
  });
});
