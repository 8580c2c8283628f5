/**
 * Misbehaving sources through the whole fetch stage, all crawled at once next to a healthy one: each ends with its
 * stable code on the source, the process stays up with bounded memory, and the healthy source is ingested.
 */
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { crawlOnce } from '../../src/commands/crawl.js';
import { makeItems, rss, startPublisher, type Publisher } from '../helpers/feeds.js';
import { startInstance, type Instance } from '../helpers/instance.js';

let pub: Publisher | undefined;
let inst: Instance | undefined;
afterAll(async () => {
  await inst?.close();
  await pub?.close();
});

const LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss version="2.0"><channel><title>&lol3;</title></channel></rss>`;

describe('hostile sources', () => {
  it('gives each its stable code while a healthy source polled at the same time is ingested', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 2 ** 20));
    pub = await startPublisher({}, {
      '/drip': (_req, res) => {
        res.setHeader('content-type', 'application/rss+xml');
        const t = setInterval(() => res.write('<'), 1000);
        res.on('close', () => clearInterval(t));
      },
      '/silent': () => undefined,
      '/stall': (_req, res) => void res.write('<?xml version="1.0"?><rss version="2.0"><channel>'.padEnd(200, ' ')),
      '/huge': (_req, res) => {
        const chunk = Buffer.alloc(1 << 20, 32);
        const pump = () => {
          while (res.write(chunk)) if (res.destroyed) return;
          res.once('drain', pump);
        };
        res.on('error', () => undefined);
        pump();
      },
      '/biglen': (_req, res) => {
        res.setHeader('content-length', String(10 * 2 ** 30));
        res.flushHeaders();
      },
      '/gzbomb': (_req, res) => {
        res.setHeader('content-encoding', 'gzip');
        res.end(bomb);
      },
      '/loop': (_req, res) => {
        res.statusCode = 302;
        res.setHeader('location', '/loop');
        res.end();
      },
      '/meta': (_req, res) => {
        res.statusCode = 302;
        res.setHeader('location', 'http://169.254.169.254/latest/meta-data/');
        res.end();
      },
      '/otherport': (_req, res) => {
        res.statusCode = 301;
        res.setHeader('location', 'http://127.0.0.1:9/feed');
        res.end();
      },
      '/laughs': (_req, res) => void res.end(LAUGHS),
      '/page': (_req, res) => {
        res.setHeader('content-type', 'text/html');
        res.end('<!doctype html><html><body><h1>Home</h1></body></html>');
      },
      '/latin1': (_req, res) => {
        res.setHeader('content-type', 'application/rss+xml');
        res.end(iconv.encode(rss('Caf\u00e9', 'http://x.test', [{ guid: 'l1', link: 'http://x.test/1', title: '\u201cQuoted\u201d caf\u00e9', body: 'd\u00e9j\u00e0 vu' }]).replace('encoding="UTF-8"', 'encoding="windows-1252"'), 'windows-1252'));
      },
    });
    pub.feeds['/ok.xml'] = rss('Healthy', pub.url, makeItems(pub.url, 3, 60, 'healthy'));
    pub.feeds['/many.xml'] = rss('Many', pub.url, makeItems(pub.url, 3000, 3, 'many'));
    const routes = ['drip', 'silent', 'stall', 'huge', 'biglen', 'gzbomb', 'loop', 'meta', 'otherport', 'laughs', 'page', 'latin1'];
    inst = await startInstance({
      sources: [...routes.map((r) => ({ id: r, url: `${pub!.url}/${r}` })), { id: 'ok', url: `${pub.url}/ok.xml` }, { id: 'many', url: `${pub.url}/many.xml` }],
      feeds: [{ id: 'all', title: 'All' }],
      // Each hostile source must hit its own limit before the deadline, even on a CI machine busy with other test files:
      // a 4 MiB cap is reached in milliseconds, the deadline is 8 s, and the pipeline threads are not niced here (a
      // niced thread starves behind other processes' work, and its fetches would all end as TIMEOUT).
      settings: {
        fetch: { timeout: '8s', maxBytes: '4MiB', maxItems: 500, concurrency: 16, politeness: { spacing: 0, concurrency: 64 } },
        workers: { nice: 0 },
      },
      // Only the publisher itself is allowed: the redirects to 127.0.0.1:9 and 169.254.169.254 must be refused.
      env: { FEEDMILL_ALLOW_PRIVATE_NETWORKS: '', FEEDMILL_FETCH_ALLOW: `127.0.0.1:${pub.port}` },
    });
    const rssBefore = process.memoryUsage.rss();
    const summary = await crawlOnce([], { config: inst.configDir, env: inst.env });
    const by = Object.fromEntries(summary.map((s) => [s.sourceId, s]));
    expect(by.ok).toMatchObject({ status: 'ok', items: 3, new: 3 });
    expect(by.many).toMatchObject({ status: 'ok', items: 500 });
    expect(by.latin1).toMatchObject({ status: 'ok', items: 1 });
    const codes = Object.fromEntries(routes.filter((r) => r !== 'latin1').map((r) => [r, by[r]?.errorCode]));
    expect(codes).toEqual({
      drip: 'TIMEOUT',
      silent: 'TIMEOUT',
      stall: 'TIMEOUT',
      huge: 'TOO_LARGE',
      biglen: 'TOO_LARGE',
      gzbomb: 'TOO_LARGE',
      loop: 'TOO_MANY_REDIRECTS',
      meta: 'BLOCKED_ADDRESS',
      otherport: 'BLOCKED_ADDRESS',
      laughs: 'PARSE_ERROR',
      page: 'NOT_A_FEED',
    });
    // Every failure is on its source, with a message that starts with the stage.
    for (const r of routes.filter((x) => x !== 'latin1')) {
      const st = await inst.rt.deps.sources.get(r);
      expect(st.lastError?.message).toMatch(/^(fetch|parse): /);
      expect(st.consecutiveFailures).toBe(1);
    }
    const latin = (await inst.rt.deps.articles.getMany(await inst.rt.deps.articles.recentIds(0, 1000, 'latin1')))[0];
    expect(latin?.title).toBe('\u201cQuoted\u201d caf\u00e9');
    // Bombs and huge bodies were cut at the cap: memory grew by far less than what they would inflate to.
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(400 * 2 ** 20);
  }, 60_000);
});
