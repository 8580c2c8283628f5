/**
 * Serving benchmark: a 50-item full-content feed (~200 KB of RSS) served by `feedmill serve` (pre-rendered
 * bytes, memory copy kept current by the Redis change channel) beside nginx serving the same bytes as a
 * static file (sendfile, gzip_static for the gzip variant, etag on), in the same run, on loopback at 100
 * connections. Workloads: 200 identity, 200 gzip, 304 (If-None-Match). Load from wrk when installed, else
 * autocannon (BENCH_LOAD=autocannon forces it).
 * Two pairings, each with the same process count on both sides: one feedmill process against one nginx
 * worker, and `serve --workers 2` (node:cluster) against nginx's `worker_processes auto` (2 on a 2-core
 * machine). The load generator runs on the same cores, so the 2-process figures are bounded by it too.
 * At one process, the same feedmill with `server.wireFastPath: false` (every request through node:http) is
 * loaded in the same rounds: the baseline the raw-socket fast path is measured against.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { loadConfig } from '../src/config/index.js';
import type { Article } from '../src/model/article.js';
import { publishFeed } from '../src/pipeline/publish-feed.js';
import { ensureRedis } from '../src/queue/managed-redis.js';
import { createLogger } from '../src/runtime/logger.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { closedLoop, closedLoopTool } from './load.js';
import { freePort, startFeedmill, startNginx } from './serve-servers.js';
import { deleteUnderPrefix } from './cleanup.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Process counts compared (each side the same): BENCH_PROCESSES=1,2 by default. */
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1,2').split(',').map(Number).filter((n) => Number.isInteger(n) && n >= 1);

/** One workload's result. */
export interface LoadFigures {
  rps: number;
  p99Ms: number;
  /** CPU time the server spent per request, µs (robust to a busy machine, unlike req/s). */
  cpuUsPerReq?: number;
  /** Responses outside the expected status (or errors). */
  bad: number;
}

/** Figures of the whole run. */
export interface ServeFigures {
  bytes: number;
  gzipBytes: number;
  tool: string;
  /** Server processes on each side (feedmill serve processes, nginx worker processes). */
  rows: { workload: string; processes: number; feedmill: LoadFigures; nginx?: LoadFigures; nodeHttp?: LoadFigures }[];
  cores: number;
  nginxNote?: string;
  redisCallsPerRequest: number;
}

const WORDS = 'harbor council budget storm power grid transit school river bridge market energy court vote'.split(' ');

/** 50 articles of ~3.5 KB HTML each: varied enough text that compression ratios are realistic. */
function articles(): Article[] {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const sentence = () => Array.from({ length: 12 + Math.floor(rnd() * 10) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
  return Array.from({ length: 50 }, (_, i) => {
    const paras = Array.from({ length: 6 }, () => `<p>${Array.from({ length: 4 }, sentence).join('. ')} ${Math.floor(rnd() * 1e6)}.</p>`);
    const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
    return {
      id: `bench-${i}`,
      url: `https://news.example.com/2026/01/story-${i}`,
      sourceId: 'bench',
      title: `Story ${i}: ${sentence().slice(0, 60)}`,
      summary: sentence(),
      contentHtml: `<figure><img src="/img/${i}.jpg" alt="photo"></figure>${paras.join('')}`,
      contentText: paras.join(' '),
      authors: [{ name: `Reporter ${i % 7}` }],
      categories: ['news'],
      enclosures: [],
      wordCount: 500,
      publishedAt: at,
      fetchedAt: at,
      contentHash: `h${i}`,
      fingerprint: '0000000000000000',
      clusterId: `bench-${i}`,
      language: 'en',
    };
  });
}

/** Drives `url` with the closed-loop tool for `seconds`; a short warm-up run comes first. */
async function load(url: string, headers: Record<string, string>, seconds: number, expect: number, cpu: () => number): Promise<LoadFigures> {
  await closedLoop(url, { connections: CONNECTIONS, seconds: 2, headers });
  const c0 = cpu();
  const r = await closedLoop(url, { connections: CONNECTIONS, seconds, headers });
  const cpuUs = cpu() - c0;
  // wrk counts 304 with the 2xx; autocannon tells them apart, and a 2xx answering the 304 workload is wrong too.
  const wrongClass = r.ok2xx === undefined ? 0 : expect === 200 ? r.requests - r.ok2xx - r.non2xx3xx : r.ok2xx;
  return { rps: r.rps, p99Ms: r.p99Ms, bad: r.non2xx3xx + r.errors + Math.max(0, wrongClass), cpuUsPerReq: cpuUs / Math.max(1, r.requests) };
}

/** The median run by requests/s, with the median of each figure. */
function median(runs: readonly LoadFigures[]): LoadFigures {
  const mid = <T>(xs: readonly T[], key: (x: T) => number) => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
  return {
    rps: mid(runs, (r) => r.rps).rps,
    p99Ms: mid(runs, (r) => r.p99Ms).p99Ms,
    bad: runs.reduce((n, r) => n + r.bad, 0),
    cpuUsPerReq: mid(runs, (r) => r.cpuUsPerReq ?? 0).cpuUsPerReq ?? 0,
  };
}

async function hgetCalls(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  return ['hget', 'hmget'].reduce((n, c) => n + Number(new RegExp(`^cmdstat_${c}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0), 0);
}

/** Runs the serving benchmark. */
export async function runServeBench(): Promise<ServeFigures> {
  const handle = await ensureRedis({
    ...(process.env.REDIS_URL ? { url: process.env.REDIS_URL } : {}),
    managed: 'auto',
    dataDir: join(tmpdir(), 'feedmill-bench-redis'),
    port: 6390,
  });
  const dir = mkdtempSync(join(tmpdir(), 'feedmill-serve-'));
  chmodSync(dir, 0o755);
  const prefix = `fmbench:serve:${Date.now()}`;
  writeFileSync(join(dir, 'feedmill.yaml'), stringify({ log: { level: 'silent' } }));
  writeFileSync(join(dir, 'feeds.yaml'), stringify({ feeds: [{ id: 'all', title: 'All stories', limit: 50, content: 'full' }] }));
  // The same server with the wire fast path off (every request through node:http), at one process: what it gains.
  const nodeHttpDir = join(dir, 'node-http');
  mkdirSync(nodeHttpDir);
  writeFileSync(join(nodeHttpDir, 'feedmill.yaml'), stringify({ log: { level: 'silent' }, server: { wireFastPath: false } }));
  writeFileSync(join(nodeHttpDir, 'feeds.yaml'), readFileSync(join(dir, 'feeds.yaml')));
  const config = loadConfig(dir, { REDIS_URL: handle.url, FEEDMILL_REDIS_PREFIX: prefix, PORT: '0', LOG_LEVEL: 'silent' });
  const rt = await createRuntime(config, createLogger('silent'));
  for (const a of articles()) await rt.deps.articles.save(a);
  await publishFeed(config.feeds[0]!, rt.deps);
  const stored = (await rt.deps.rendered.getBytes('all', 'rss'))!;
  const www = join(dir, 'www', 'feeds');
  mkdirSync(www, { recursive: true });
  writeFileSync(join(www, 'all.rss'), stored.identity);
  writeFileSync(join(www, 'all.rss.gz'), stored.gzip!);

  // The identity representation's tag: fetch() would ask for gzip by default and get the gzip variant's.
  const etagOf = async (url: string) => (await fetch(url, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } })).headers.get('etag') ?? '';
  /** Status of one request with a workload's headers, checked before loading (a wrong ETag would load 200s). */
  const statusOf = async (url: string, headers: Record<string, string>) => {
    const res = await fetch(url, { headers: { 'accept-encoding': 'identity', ...headers } });
    await res.arrayBuffer();
    return `${res.status} ${res.headers.get('content-encoding') ?? 'identity'}`;
  };
  const redis = new Redis(handle.url);

  const workloads: { workload: string; headers: (url: string) => Promise<Record<string, string>>; expect: number }[] = [
    { workload: '200 identity', headers: async () => ({}), expect: 200 },
    { workload: '200 gzip', headers: async () => ({ 'accept-encoding': 'gzip' }), expect: 200 },
    { workload: '304', headers: async (url) => ({ 'if-none-match': await etagOf(url) }), expect: 304 },
  ];
  const env = { REDIS_URL: handle.url, FEEDMILL_REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' };
  const rows: ServeFigures['rows'] = [];
  let nginxNote: string | undefined;
  let requests = 0;
  let calls = 0;
  for (const processes of PROCESSES) {
    const feedmill = await startFeedmill(dir, env, await freePort(), processes);
    const nodeHttp = processes === 1 ? await startFeedmill(nodeHttpDir, env, await freePort(), 1) : undefined;
    const nginx = await startNginx(dir, processes);
    if (typeof nginx === 'string') nginxNote = nginx;
    const ours = `${feedmill.url}/feeds/all.rss`;
    const theirs = typeof nginx === 'string' ? undefined : `${nginx.url}/feeds/all.rss`;
    // Rounds alternate the two servers, and the median of each is kept, so a busy machine hurts both alike.
    const results = workloads.map(() => ({ ours: [] as LoadFigures[], theirs: [] as LoadFigures[], nodeHttp: [] as LoadFigures[] }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, w] of workloads.entries()) {
        const headers = await w.headers(ours);
        const theirHeaders = theirs ? await w.headers(theirs) : {};
        for (const [url, h] of [[ours, headers], ...(theirs ? [[theirs, theirHeaders] as const] : [])] as const) {
          const status = await statusOf(url, h);
          const want = `${w.expect} ${w.expect === 304 ? 'identity' : (h['accept-encoding'] ?? 'identity')}`;
          if (status !== want) throw new Error(`${url} answered ${status} to the ${w.workload} workload, expected ${want}`);
        }
        const before = await hgetCalls(redis);
        const f = await load(ours, headers, SECONDS, w.expect, feedmill.cpu);
        calls += (await hgetCalls(redis)) - before;
        requests += f.rps * (SECONDS + 2);
        results[i]!.ours.push(f);
        if (nodeHttp) {
          const url = `${nodeHttp.url}/feeds/all.rss`;
          results[i]!.nodeHttp.push(await load(url, await w.headers(url), SECONDS, w.expect, nodeHttp.cpu));
        }
        if (theirs && typeof nginx !== 'string') results[i]!.theirs.push(await load(theirs, theirHeaders, SECONDS, w.expect, nginx.cpu));
      }
    }
    for (const [i, w] of workloads.entries()) {
      const r = results[i]!;
      rows.push({
        workload: w.workload,
        processes,
        feedmill: median(r.ours),
        ...(r.theirs.length ? { nginx: median(r.theirs) } : {}),
        ...(r.nodeHttp.length ? { nodeHttp: median(r.nodeHttp) } : {}),
      });
    }
    if (typeof nginx !== 'string') await nginx.stop();
    await nodeHttp?.stop();
    await feedmill.stop();
  }
  await redis.quit();
  await deleteUnderPrefix(rt.redis, prefix);
  await rt.close();
  await handle.stop();
  rmSync(dir, { recursive: true, force: true });
  return {
    bytes: stored.identity.length,
    gzipBytes: stored.gzip?.length ?? 0,
    tool: closedLoopTool(),
    rows,
    cores: availableParallelism(),
    ...(nginxNote !== undefined ? { nginxNote } : {}),
    redisCallsPerRequest: calls / Math.max(1, requests),
  };
}

/** Prints the figures side by side. */
export function printServe(f: ServeFigures): void {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const lines = [
    `\nserve: 50-item full-content RSS feed, ${kb(f.bytes)} (gzip ${kb(f.gzipBytes)}), ${CONNECTIONS} connections, ` +
      `median of ${ROUNDS} × ${SECONDS}s runs, load: ${f.tool}, machine load average ${load}`,
    `machine: ${f.cores} cores shared by both servers and the load generator (and anything else running); ` +
      'procs = feedmill serve processes = nginx worker_processes',
    'workload      procs  feedmill req/s  p99 ms  µs CPU/req    nginx req/s  p99 ms  µs CPU/req   req/s vs nginx        without wire path',
  ];
  for (const r of f.rows) {
    const n = r.nginx;
    const ratio = n ? `${((r.feedmill.rps / n.rps) * 100).toFixed(0)}% (target ≥ 80%)` : '-';
    const cols = (x: LoadFigures | undefined) =>
      `${(x ? x.rps.toFixed(0) : '-').padStart(14)}${(x ? x.p99Ms.toFixed(1) : '-').padStart(8)}${(x?.cpuUsPerReq !== undefined ? x.cpuUsPerReq.toFixed(0) : '-').padStart(12)}`;
    const baseline = r.nodeHttp ? `${r.nodeHttp.rps.toFixed(0)} req/s${n ? ` = ${((r.nodeHttp.rps / n.rps) * 100).toFixed(0)}%` : ''}` : '';
    lines.push(
      `${r.workload.padEnd(14)}${String(r.processes).padStart(5)}  ${cols(r.feedmill)} ${cols(n)}   ${ratio.padEnd(20)}  ${baseline}` +
        (r.feedmill.bad || n?.bad ? `  (unexpected responses: feedmill ${r.feedmill.bad}, nginx ${n?.bad ?? 0})` : ''),
    );
  }
  if (f.nginxNote) lines.push(`note: ${f.nginxNote}`);
  lines.push('without wire path: the same feedmill with server.wireFastPath false (every request through node:http), 1 process');
  lines.push(`Redis reads per feedmill request: ${f.redisCallsPerRequest.toFixed(4)}; p99 target < 50 ms`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
