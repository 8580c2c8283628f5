/**
 * Serving latency under crawl load (issue #8): `feedmill start` serves a feed while it crawls N sources due at once.
 * The load generator (autocannon) runs as its own process; p50/p99 are read idle (nothing to crawl) and loaded (the
 * crawl running), for pipeline roles in worker threads (the default) beside the same roles on the HTTP thread
 * (`workers.threads: 0`, the old layout) in the same run. Target: loaded p99 within 2× of idle.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { ensureRedis } from '../src/queue/managed-redis.js';
import { createQueues, enqueueFetch } from '../src/queue/queues.js';
import { ArticleStore } from '../src/store/index.js';
import { freePort } from './serve-servers.js';
import { deleteUnderPrefix } from './cleanup.js';

const ROOT = resolve(import.meta.dirname, '..');
const ITEMS = 5;
/** Requests per second of the open-loop runs (well under what the server answers idle). */
const RATE = 1000;

/** Latency of one autocannon run, ms. */
interface Latency {
  p50: number;
  p99: number;
  requests: number;
}

/** Figures of one layout. */
export interface OverloadFigures {
  layout: string;
  /** Closed loop: 100 connections as fast as the server answers. */
  idle: Latency;
  loaded: Latency;
  /** Open loop: 200 connections at a fixed RATE requests/s in all. */
  idleRated: Latency;
  loadedRated: Latency;
  /** Articles stored per second while loaded. */
  articlesPerSec: number;
}

function feedXml(s: number, base: string): string {
  const items = Array.from({ length: ITEMS }, (_, i) =>
    `<item><title>Outlet ${s} story ${i}</title><link>${base}/o/${s}/${i}</link><guid>o${s}-${i}</guid>` +
    `<description>Outlet ${s} reports item ${i}: ${'council transit budget harbor storm '.repeat(40)}${s * 31 + i}</description></item>`,
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet ${s}</title><link>${base}/</link><description>d</description>${items}</channel></rss>`;
}

/**
 * autocannon in its own process (so the client's CPU is not the server's event loop), for `seconds`: as fast as the
 * server answers (`rate` 0: latency then mostly measures the server's share of the CPU), or at a fixed overall rate.
 */
function autocannon(url: string, connections: number, seconds: number, rate = 0): Promise<Latency> {
  const args = ['-j', '-c', String(connections), '-d', String(seconds), ...(rate > 0 ? ['-R', String(rate)] : []), url];
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/autocannon/autocannon.js'), ...args], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => {
      try {
        const r = JSON.parse(out) as { latency: { p50: number; p99: number }; requests: { total: number } };
        res({ p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total });
      } catch (err) {
        rej(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

async function waitHttp(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await fetch(url).catch(() => undefined))?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

async function oneLayout(layout: string, threads: string, sources: number, base: string, redisUrl: string, redis: Redis): Promise<OverloadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'feedmill-overload-'));
  const prefix = `fmoverload:${Date.now()}`;
  writeFileSync(join(dir, 'feedmill.yaml'), stringify({ fetch: { concurrency: 16, politeness: { spacing: 0, concurrency: 64 } }, log: { level: 'warn' } }));
  writeFileSync(join(dir, 'sources.yaml'), stringify({ sources: Array.from({ length: sources }, (_, s) => ({ id: `o${s}`, url: `${base}/o/${s}.xml`, interval: '1h' })) }));
  writeFileSync(join(dir, 'feeds.yaml'), stringify({ feeds: [{ id: 'all', title: 'All', limit: 50 }] }));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const queues = createQueues(redis, prefix);
  // Pause crawling before start so the schedulers' first runs wait: idle is measured with nothing to crawl.
  await queues.fetch.pause();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'start', '--config', dir], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redisUrl, FEEDMILL_REDIS_PREFIX: prefix, PORT: String(port), FEEDMILL_ALLOW_PRIVATE_NETWORKS: '1', FEEDMILL_THREADS: threads },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitHttp(`${url}/feeds/all.json`);
    await autocannon(`${url}/feeds/all.json`, 100, 2); // warm-up
    const idle = await autocannon(`${url}/feeds/all.json`, 100, 5);
    const idleRated = await autocannon(`${url}/feeds/all.json`, 200, 5, RATE);
    const store = new ArticleStore(redis, prefix);
    for (let s = 0; s < sources; s++) await enqueueFetch(queues, `o${s}`, { runId: 'overload', force: true });
    await queues.fetch.resume();
    // Let the crawl get going (fetches parsed, article jobs queued) before measuring.
    while ((await store.count()) < sources * ITEMS * 0.03) await new Promise((r) => setTimeout(r, 100));
    const before = await store.count();
    const t0 = performance.now();
    const loaded = await autocannon(`${url}/feeds/all.json`, 100, 5);
    const loadedRated = await autocannon(`${url}/feeds/all.json`, 200, 5, RATE);
    const articlesPerSec = ((await store.count()) - before) / ((performance.now() - t0) / 1000);
    if ((await store.count()) >= sources * ITEMS) console.warn(`  (${layout}: the crawl finished during the loaded run: raise --sources)`);
    return { layout, idle, loaded, idleRated, loadedRated, articlesPerSec };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await queues.close();
    await deleteUnderPrefix(redis, prefix);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs each layout (`threads` values; default `0` and `auto`) against one loopback publisher of `sources` feeds. */
export async function runOverloadBench(opts: { sources?: number; threads?: string[] } = {}): Promise<OverloadFigures[]> {
  const sources = opts.sources ?? 2000;
  const server = http.createServer((req, res) => {
    const m = /^\/o\/(\d+)\.xml$/.exec(req.url ?? '');
    if (!m) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/rss+xml');
    res.end(feedXml(Number(m[1]), base));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const handle = await ensureRedis({ ...(process.env.REDIS_URL ? { url: process.env.REDIS_URL } : {}), managed: 'auto', dataDir: join(tmpdir(), 'feedmill-bench-redis'), port: 6390 });
  const redis = new Redis(handle.url);
  try {
    const out: OverloadFigures[] = [];
    for (const t of opts.threads ?? ['0', 'auto']) {
      const label = t === '0' ? 'roles on the HTTP thread (threads: 0)' : t === 'auto' ? 'roles in worker threads (default)' : `roles in ${t} worker thread(s)`;
      out.push(await oneLayout(label, t, sources, base, handle.url, redis));
    }
    return out;
  } finally {
    await redis.quit();
    await handle.stop();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

/** Prints idle and loaded latency per layout. */
export function printOverload(figs: OverloadFigures[]): void {
  console.log('\n== serving latency under crawl load (feedmill start, /feeds/all.json, autocannon in its own process)');
  const row = (label: string, idle: Latency, loaded: Latency, extra: string) =>
    console.log(
      `${label.padEnd(58)} ${`${idle.p50}/${idle.p99}`.padStart(13)}   ${`${loaded.p50}/${loaded.p99}`.padStart(15)}   ` +
        `${(loaded.p99 / Math.max(idle.p99, 1)).toFixed(1).padStart(6)}×   ${extra}`,
    );
  console.log(`${'layout, load'.padEnd(58)} idle p50/p99   loaded p50/p99   p99 ratio (ms)`);
  for (const f of figs) {
    row(`${f.layout}, 100 conns flat out`, f.idle, f.loaded, `${f.articlesPerSec.toFixed(0)} articles/s while loaded`);
    row(`${f.layout}, 200 conns at ${RATE}/s`, f.idleRated, f.loadedRated, '');
  }
  console.log('target: loaded p99 within 2× of idle (2 cores shared by server, pipeline, Redis and the load generator)');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sources = Number(process.argv.find((a) => a.startsWith('--sources='))?.slice(10) ?? 2000);
  const threads = process.argv.find((a) => a.startsWith('--threads='))?.slice(10).split(',');
  printOverload(await runOverloadBench({ sources, ...(threads ? { threads } : {}) }));
  process.exit(0);
}
