/**
 * Serving latency under crawl load (issue #8): `feedmill start` serves a feed while it crawls N sources due at once.
 * The load generators run as their own processes (bench/load.ts): closed loop, 100 connections flat out (wrk when
 * installed, else autocannon), and open loop, 200 connections at a fixed RATE with latency from each request's due
 * time (bench/open-loop.ts). p50/p99 are read idle (nothing to crawl) and loaded (the crawl running), for pipeline
 * roles in worker threads (the default) beside the same roles on the HTTP thread (`workers.threads: 0`, the old
 * layout) in the same run, and beside nginx serving the same bytes as a static file, idle and under the same crawl
 * (the baseline, with the default layout; skipped with a note without nginx). Target: loaded p99 within 2× of idle.
 * Knobs: BENCH_SECONDS, BENCH_ROUNDS, BENCH_RATE; BENCH_NICE (workers.nice of the server), BENCH_WIRE=0 (server.wireFastPath off),
 * BENCH_RENDER_SHARE (its publish.renderShare; 1 = no render pacing), BENCH_NODE_ARGS (Node flags
 * of the server, e.g. --trace-gc) and BENCH_CHILD_STDOUT=1 (show its stdout) for investigations.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { crawlOnce } from '../src/commands/crawl.js';
import { ensureRedis } from '../src/queue/managed-redis.js';
import { createQueues, enqueueFetch } from '../src/queue/queues.js';
import { ArticleStore } from '../src/store/index.js';
import { closedLoop, closedLoopTool, openLoop } from './load.js';
import { ITEMS, startPublisher } from './overload-publisher.js';
import { freePort, startNginx, type Served } from './serve-servers.js';
import { deleteUnderPrefix } from './cleanup.js';

const ROOT = resolve(import.meta.dirname, '..');
/** Requests per second of the open-loop runs (well under what the server answers idle). */
const RATE = Number(process.env.BENCH_RATE ?? 1000);
/** Seconds of each measured run (p99 over shorter windows swings with the machine). */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Runs of each load, idle and loaded; the median of each figure is kept (single p99s swing on shared cores). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

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
  /** Baseline: nginx serving the same bytes as a static file, idle and under the same crawl (default layout only). */
  nginx?: { idle: Latency; loaded: Latency; idleRated: Latency; loadedRated: Latency };
}

/** Closed loop (CONNECTIONS as fast as answered: latency then mostly measures the server's share of the CPU). */
async function flatOut(url: string, seconds: number): Promise<Latency> {
  const r = await closedLoop(url, { connections: 100, seconds });
  return { p50: r.p50Ms, p99: r.p99Ms, requests: r.requests };
}

/** Open loop: 200 connections at RATE requests/s in all, each latency from the request's due time. */
async function paced(url: string, seconds: number): Promise<Latency> {
  const r = await openLoop(url, { connections: 200, rate: RATE, seconds });
  return { p50: r.p50, p99: r.p99, requests: r.requests };
}

/** Runs of one server under the two loads. */
interface Runs {
  flat: Latency[];
  paced: Latency[];
}

/** ROUNDS alternating runs of the two loads, against feedmill and, when given, the nginx baseline in turn. */
async function rounds(url: string, baseline?: string): Promise<{ ours: Runs; theirs: Runs }> {
  const ours: Runs = { flat: [], paced: [] };
  const theirs: Runs = { flat: [], paced: [] };
  for (let r = 0; r < ROUNDS; r++) {
    ours.flat.push(await flatOut(url, SECONDS));
    if (baseline) theirs.flat.push(await flatOut(baseline, SECONDS));
    ours.paced.push(await paced(url, SECONDS));
    if (baseline) theirs.paced.push(await paced(baseline, SECONDS));
  }
  return { ours, theirs };
}

/** The median of each figure over runs. */
function median(runs: readonly Latency[]): Latency {
  const mid = (key: (l: Latency) => number) => [...runs].map(key).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  return { p50: mid((l) => l.p50), p99: mid((l) => l.p99), requests: mid((l) => l.requests) };
}

async function waitHttp(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await fetch(url).catch(() => undefined))?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

async function oneLayout(
  layout: string,
  threads: string,
  sources: number,
  base: string,
  redisUrl: string,
  redis: Redis,
  withNginx: boolean,
): Promise<OverloadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'feedmill-overload-'));
  const prefix = `fmoverload:${Date.now()}`;
  writeFileSync(join(dir, 'feedmill.yaml'), stringify({ fetch: { concurrency: 16, politeness: { spacing: 0, concurrency: 64 } }, log: { level: 'warn' }, ...(process.env.BENCH_NICE ? { workers: { nice: Number(process.env.BENCH_NICE) } } : {}), ...(process.env.BENCH_WIRE === '0' ? { server: { wireFastPath: false } } : {}), ...(process.env.BENCH_RENDER_SHARE ? { publish: { renderShare: Number(process.env.BENCH_RENDER_SHARE) } } : {}) }));
  writeFileSync(join(dir, 'sources.yaml'), stringify({ sources: Array.from({ length: sources }, (_, s) => ({ id: `o${s}`, url: `${base}/o/${s}.xml`, interval: '1h' })) }));
  writeFileSync(join(dir, 'feeds.yaml'), stringify({ feeds: [{ id: 'all', title: 'All', limit: 50 }] }));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { REDIS_URL: redisUrl, FEEDMILL_REDIS_PREFIX: prefix, FEEDMILL_ALLOW_PRIVATE_NETWORKS: '1' };
  // The feed holds its full 50 items before idle is measured, as it does while loaded: the same response size, so
  // the two latencies compare serving, not an empty feed against a full one. Ten sources of the same shape fill it.
  await crawlOnce(Array.from({ length: 10 }, (_, s) => `o${s}`), { config: dir, env: { ...env, FEEDMILL_THREADS: '0', LOG_LEVEL: 'warn' } });
  const queues = createQueues(redis, prefix);
  // Pause crawling before start so the schedulers' first runs wait: idle is measured with nothing to crawl.
  await queues.fetch.pause();
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', join(ROOT, 'src/cli.ts'), 'start', '--config', dir], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), FEEDMILL_THREADS: threads },
    stdio: ['ignore', process.env.BENCH_CHILD_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  let nginx: Served | undefined;
  try {
    await waitHttp(`${url}/feeds/all.json`);
    if (withNginx) {
      // The baseline: the same bytes as a static file, so what the crawl costs the machine's serving shows apart from ours.
      const bytes = Buffer.from(await (await fetch(`${url}/feeds/all.json`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
      mkdirSync(join(dir, 'www', 'feeds'), { recursive: true });
      // all.rss too: startNginx waits for that path to answer before it returns.
      for (const name of ['all.json', 'all.rss']) writeFileSync(join(dir, 'www', 'feeds', name), bytes);
      const started = await startNginx(dir, 1);
      if (typeof started === 'string') console.warn(`  (${started})`);
      else nginx = started;
    }
    const theirUrl = nginx ? `${nginx.url}/feeds/all.json` : undefined;
    await flatOut(`${url}/feeds/all.json`, 2); // warm-up
    if (theirUrl) await flatOut(theirUrl, 2);
    const idleRuns = await rounds(`${url}/feeds/all.json`, theirUrl);
    const store = new ArticleStore(redis, prefix);
    for (let s = 0; s < sources; s++) await enqueueFetch(queues, `o${s}`, { runId: 'overload', force: true });
    await queues.fetch.resume();
    // Let the crawl get going (fetches parsed, article jobs queued) before measuring.
    while ((await store.count()) < 50 + sources * ITEMS * 0.03) await new Promise((r) => setTimeout(r, 100));
    const before = await store.count();
    const t0 = performance.now();
    const loadedRuns = await rounds(`${url}/feeds/all.json`, theirUrl);
    const articlesPerSec = ((await store.count()) - before) / ((performance.now() - t0) / 1000);
    if ((await store.count()) >= sources * ITEMS) console.warn(`  (${layout}: the crawl finished during the loaded run: raise --sources)`);
    const figures = (i: Runs, l: Runs) => ({ idle: median(i.flat), loaded: median(l.flat), idleRated: median(i.paced), loadedRated: median(l.paced) });
    return {
      layout,
      ...figures(idleRuns.ours, loadedRuns.ours),
      articlesPerSec,
      ...(nginx ? { nginx: figures(idleRuns.theirs, loadedRuns.theirs) } : {}),
    };
  } finally {
    await nginx?.stop();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await queues.close();
    await deleteUnderPrefix(redis, prefix);
    await settle(redis);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until the previous layout's clean-up is over (Redis frees UNLINKed keys in a background thread) and the
 * machine is quiet again, so the next layout's idle run does not pay for the last one's crawl.
 */
async function settle(redis: Redis): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const info = await redis.info('memory');
    if (Number(/^lazyfree_pending_objects:(\d+)/m.exec(info)?.[1] ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 3000));
}

/** Runs each layout (`threads` values; default `0` and `auto`) against one loopback publisher of `sources` feeds. */
export async function runOverloadBench(opts: { sources?: number; threads?: string[] } = {}): Promise<OverloadFigures[]> {
  const sources = opts.sources ?? 8000;
  const publisher = await startPublisher();
  const base = publisher.url;
  const handle = await ensureRedis({ ...(process.env.REDIS_URL ? { url: process.env.REDIS_URL } : {}), managed: 'auto', dataDir: join(tmpdir(), 'feedmill-bench-redis'), port: 6390 });
  const redis = new Redis(handle.url);
  try {
    const out: OverloadFigures[] = [];
    for (const t of opts.threads ?? ['0', 'auto']) {
      const label = t === '0' ? 'roles on the HTTP thread (threads: 0)' : t === 'auto' ? 'roles in worker threads (default)' : `roles in ${t} worker thread(s)`;
      out.push(await oneLayout(label, t, sources, base, handle.url, redis, t !== '0'));
    }
    return out;
  } finally {
    await redis.quit();
    await handle.stop();
    await publisher.stop();
  }
}

/** A latency in ms to three significant digits (wrk's sub-millisecond figures arrive as binary fractions). */
const ms = (n: number) => String(Number(n.toPrecision(3)));

/** Prints idle and loaded latency per layout. */
export function printOverload(figs: OverloadFigures[]): void {
  console.log(`\n== serving latency under crawl load (feedmill start, /feeds/all.json; flat out: ${closedLoopTool()}, paced: bench/open-loop.ts)`);
  const row = (label: string, idle: Latency, loaded: Latency, extra: string) =>
    console.log(
      `${label.padEnd(58)} ${`${ms(idle.p50)}/${ms(idle.p99)}`.padStart(13)}   ${`${ms(loaded.p50)}/${ms(loaded.p99)}`.padStart(15)}   ` +
        `${(loaded.p99 / Math.max(idle.p99, 1)).toFixed(1).padStart(6)}×   ${extra}`,
    );
  console.log(`${'layout, load'.padEnd(58)} idle p50/p99   loaded p50/p99   p99 ratio (ms)`);
  for (const f of figs) {
    row(`${f.layout}, 100 conns flat out`, f.idle, f.loaded, `${f.articlesPerSec.toFixed(0)} articles/s while loaded`);
    row(`${f.layout}, 200 conns paced at ${RATE}/s`, f.idleRated, f.loadedRated, '');
    if (f.nginx) {
      row('  baseline: nginx, same bytes, same crawl, flat out', f.nginx.idle, f.nginx.loaded, '(static file, sendfile)');
      row('  baseline: nginx, same bytes, same crawl, paced', f.nginx.idleRated, f.nginx.loadedRated, '');
    }
  }
  console.log(`medians of ${ROUNDS} × ${SECONDS} s runs each; target: loaded p99 within 2× of idle (2 cores shared by server, pipeline, Redis and the load generator)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sources = Number(process.argv.find((a) => a.startsWith('--sources='))?.slice(10) ?? 8000);
  const threads = process.argv.find((a) => a.startsWith('--threads='))?.slice(10).split(',');
  printOverload(await runOverloadBench({ sources, ...(threads ? { threads } : {}) }));
  process.exit(0);
}
