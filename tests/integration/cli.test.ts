/** The CLI as operators run it: crawl --once, config errors, start (API + workers + scheduler) and the demo. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { writeConfigDir, type ConfigDir } from '../helpers/config.js';
import { rss, startPublisher, type Publisher, type TestItem } from '../helpers/feeds.js';
import { freePort } from '../helpers/net.js';
import { deletePrefix, redisUrl, testRedis, uniquePrefix } from '../helpers/redis.js';

let pub: Publisher;
let items: TestItem[];
const prefixes: string[] = [];
const dirs: ConfigDir[] = [];

function envFor(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  prefixes.push(prefix);
  return { REDIS_URL: redisUrl(), FEEDMILL_REDIS_PREFIX: prefix, FEEDMILL_ALLOW_PRIVATE_NETWORKS: '1', LOG_LEVEL: 'warn', ...extra };
}


beforeAll(async () => {
  pub = await startPublisher({});
  items = Array.from({ length: 4 }, (_, i) => ({
    guid: `cli-${i}`,
    link: `${pub.url}/story/${i}`,
    title: `CLI story ${i}`,
    body: `Body of story ${i} with enough words to be an article about topic ${i}. `.repeat(6),
  }));
  pub.feeds['/feed.xml'] = rss('CLI Daily', pub.url, items);
});

afterAll(async () => {
  await pub.close();
  const r = testRedis();
  for (const p of prefixes) await deletePrefix(r, `${p}:`);
  await r.quit();
  for (const d of dirs) d.cleanup();
});

function config(): ConfigDir {
  const d = writeConfigDir({
    sources: [
      { id: 'daily', url: `${pub.url}/feed.xml` },
      { id: 'broken', url: `${pub.url}/missing.xml` },
    ],
    feeds: [{ id: 'all', title: 'All' }],
  });
  dirs.push(d);
  return d;
}

describe('feedmill CLI', () => {
  it('crawl --once prints a per-source summary and exits 0, even when a source fails', async () => {
    const cfg = config();
    const run = spawnCli(['crawl', '--once', '--config', cfg.dir], envFor(uniquePrefix('cli')));
    expect(await run.exited).toBe(0);
    const out = run.output();
    expect(out).toMatch(/^daily\s+ok\s+4\s+4\s+0\s+0\s+0\s+0$/m);
    expect(out).toMatch(/^broken\s+error \(HTTP_4XX\)\s+0\s+0\s+0\s+0\s+0\s+1$/m);
  });

  it('crawl --once with named sources crawls only those; --json prints JSON', async () => {
    const cfg = config();
    const run = spawnCli(['crawl', '--once', '--json', '--config', cfg.dir, 'daily'], envFor(uniquePrefix('cli')));
    expect(await run.exited).toBe(0);
    const json = JSON.parse(run.output().slice(run.output().indexOf('['))) as { sourceId: string; new: number }[];
    expect(json).toEqual([expect.objectContaining({ sourceId: 'daily', new: 4 })]);
  });

  it('exits 2 and lists every config problem with its file and path', async () => {
    const bad = writeConfigDir({ sources: [{ id: 'x', url: 'not a url' }], feeds: [{ id: 'f' }] });
    dirs.push(bad);
    const run = spawnCli(['crawl', '--once', '--config', bad.dir], envFor(uniquePrefix('cli')));
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/sources\.yaml: sources\[0\]\.url: must be an absolute http\(s\) URL/);
    expect(run.output()).toMatch(/feeds\.yaml: feeds\[0\]\.title/);
  });

  it('start serves feeds, health and the operator API, crawls on request, and stops cleanly on SIGTERM', async () => {
    const cfg = config();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const run = spawnCli(['start', '--config', cfg.dir], envFor(uniquePrefix('cli'), { PORT: String(port), FEEDMILL_ADMIN_TOKEN: 'op-secret', LOG_LEVEL: 'info' }));
    try {
      await run.waitFor(/serving feeds/);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ status: 'ready' });
      expect((await fetch(`${base}/api/sources`)).status).toBe(401);
      const auth = { authorization: 'Bearer op-secret' };
      const crawl = await fetch(`${base}/api/sources/daily/crawl`, { method: 'POST', headers: auth });
      expect(crawl.status).toBe(202);
      expect((await fetch(`${base}/api/sources/nope/crawl`, { method: 'POST', headers: auth })).status).toBe(404);
      let atom = '';
      for (let i = 0; i < 100 && (atom.match(/<entry>/g) ?? []).length < 4; i++) {
        await new Promise((r) => setTimeout(r, 100));
        atom = await (await fetch(`${base}/feeds/all.atom`)).text();
      }
      expect((atom.match(/<entry>/g) ?? []).length).toBe(4);
      const sources = (await (await fetch(`${base}/api/sources`, { headers: auth })).json()) as Record<string, unknown>[];
      const daily = sources.find((s) => s.id === 'daily')!;
      for (const key of ['id', 'url', 'type', 'status', 'lastFetchAt', 'lastSuccessAt', 'lastError', 'consecutiveFailures', 'nextCheckAt']) {
        expect(daily).toHaveProperty(key);
      }
      expect(daily).toMatchObject({ status: 'ok', lastError: null, consecutiveFailures: 0 });
      expect(typeof daily.nextCheckAt).toBe('string');
      // Prometheus metrics: what this process fetched, processed and served, and the queues' depths.
      const metrics = await (await fetch(`${base}/metrics`)).text();
      // The scheduler's first run at start and the crawl asked for above.
      expect(metrics).toMatch(/^feedmill_fetches_total\{source="daily",result="ok"\} [12]$/m);
      expect(metrics).toMatch(/^feedmill_fetches_total\{source="broken",result="HTTP_4XX"\} \d+$/m);
      expect(metrics).toMatch(/^feedmill_articles_total\{source="daily",outcome="new"\} 4$/m);
      expect(metrics).toMatch(/^feedmill_feed_requests_total\{feed="all",format="atom",status="200"\} \d+$/m);
      expect(metrics).toMatch(/^feedmill_queue_jobs\{queue="article",state="completed"\} \d+$/m);
      expect(metrics).toMatch(/^feedmill_process_resident_memory_bytes \d+/m);
      // The token never reaches the logs.
      expect(run.output()).not.toContain('op-secret');
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/"msg":"stopped"/);
  });

  it('demo --once crawls the bundled offline site and renders the feeds', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'feedmill-demo-'));
    try {
      const port = await freePort();
      const run = spawnCli(['demo', '--once', '--port', String(port)], envFor(uniquePrefix('demo')), cwd);
      expect(await run.exited).toBe(0);
      const out = run.output();
      // Which outlet's copy of the wire story comes first depends on job order: count new + duplicate.
      const rows: Record<string, number[]> = Object.fromEntries(
        [...out.matchAll(/^(\w+)\s+ok\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/gm)].map((m) => [m[1], m.slice(2).map(Number)]),
      );
      expect(Object.keys(rows).sort()).toEqual(['civic', 'harbor', 'hstoday']);
      for (const [name, items] of [['hstoday', 5], ['harbor', 5], ['civic', 4]] as const) {
        const [n, fresh, updated, unchanged, dup, errors] = rows[name]!;
        expect([n, fresh! + dup!, updated, unchanged, errors]).toEqual([items, items, 0, 0, 0]);
      }
      const dups = Object.values(rows).reduce((sum: number, r) => sum + r[4]!, 0);
      expect(dups).toBeGreaterThanOrEqual(1);
      expect(out).toContain(`http://localhost:${port}/feeds/all.atom`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
