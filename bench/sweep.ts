/**
 * Fetch-stage benchmark: a sweep of N unchanged sources (every one answers 304 to its conditional GET) through
 * `crawl --once` on real Redis, in sources/s with peak RSS; and the event loop's worst delay while one 50 MB feed is
 * parsed, beside the same measurement on an idle loop (the baseline) in the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { crawlOnce } from '../src/commands/crawl.js';
import { parseFeed } from '../src/parse/index.js';
import { ensureRedis } from '../src/queue/managed-redis.js';
import { deleteUnderPrefix } from './cleanup.js';

/** Figures of the fetch-stage bench. */
export interface SweepFigures {
  sources: number;
  sweepSeconds: number;
  sourcesPerSec: number;
  notModified: number;
  peakRssMiB: number;
  feedMB: number;
  parseSeconds: number;
  parseItems: number;
  maxLoopDelayMs: number;
  idleMaxLoopDelayMs: number;
}

const FEED = (i: number, base: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>S${i}</title><link>${base}/</link><description>d</description>` +
  `<item><title>Item of source ${i}</title><link>${base}/s/${i}/1</link><guid>s${i}-1</guid></item></channel></rss>`;

async function sweep(n: number): Promise<Pick<SweepFigures, 'sweepSeconds' | 'sourcesPerSec' | 'notModified' | 'peakRssMiB'>> {
  const server = http.createServer((req, res) => {
    const i = Number((req.url ?? '').replace(/\D+/g, ''));
    const etag = `"v1-${i}"`;
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('etag', etag);
    res.setHeader('content-type', 'application/rss+xml');
    res.end(FEED(i, `http://${req.headers.host}`));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redisHandle = await ensureRedis({
    ...(process.env.REDIS_URL ? { url: process.env.REDIS_URL } : {}),
    managed: 'auto',
    dataDir: join(tmpdir(), 'feedmill-bench-redis'),
    port: 6390,
  });
  const dir = mkdtempSync(join(tmpdir(), 'feedmill-sweep-'));
  const prefix = `fmsweep:${Date.now()}`;
  writeFileSync(join(dir, 'feedmill.yaml'), stringify({ fetch: { concurrency: 64, politeness: { spacing: 0, concurrency: 64 } }, log: { level: 'silent' } }));
  writeFileSync(join(dir, 'sources.yaml'), stringify({ sources: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, url: `${base}/feed/${i}`, interval: '1h' })) }));
  writeFileSync(join(dir, 'feeds.yaml'), stringify({ feeds: [] }));
  const env = { REDIS_URL: redisHandle.url, FEEDMILL_REDIS_PREFIX: prefix, FEEDMILL_ALLOW_PRIVATE_NETWORKS: '1', LOG_LEVEL: 'silent' };
  await crawlOnce([], { config: dir, env }); // first pass: every source answers 200 and leaves its ETag
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const t = performance.now();
  const summary = await crawlOnce([], { config: dir, env });
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  const redis = new Redis(redisHandle.url);
  await deleteUnderPrefix(redis, prefix, 2000);
  await redis.quit();
  await redisHandle.stop();
  rmSync(dir, { recursive: true, force: true });
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  return {
    sweepSeconds: seconds,
    sourcesPerSec: n / seconds,
    notModified: summary.filter((s) => s.status === 'not-modified').length,
    peakRssMiB: peak / 2 ** 20,
  };
}

async function loopDelayWhile(work: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  // A timer that keeps the loop observable while the work runs.
  const tick = setInterval(() => undefined, 5);
  await work();
  // Let the loop reach its timers once more, so a stall at the very end is recorded too.
  await new Promise((r) => setTimeout(r, 30));
  clearInterval(tick);
  h.disable();
  return h.max / 1e6;
}

/** Runs both measurements. */
export async function runSweepBench(opts: { sources?: number; feedMB?: number } = {}): Promise<SweepFigures> {
  const n = opts.sources ?? 10_000;
  const s = await sweep(n);
  const itemBytes = 5000;
  const items = Math.round(((opts.feedMB ?? 50) * 1e6) / itemBytes);
  const para = 'Storm crews restored power to most of the valley overnight, officials said. '.repeat(60);
  const big = `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>https://big.example/</link><description>d</description>` +
    Array.from({ length: items }, (_, i) => `<item><title>Big ${i}</title><link>https://big.example/${i}</link><guid>b${i}</guid><description><![CDATA[<p>${para.slice(0, itemBytes - 200)}</p>]]></description></item>`).join('') +
    '</channel></rss>';
  const idleMax = await loopDelayWhile(() => new Promise((r) => setTimeout(r, 1000)));
  let parsed = 0;
  const t = performance.now();
  const maxDelay = await loopDelayWhile(async () => {
    parsed = (await parseFeed(big, { url: 'https://big.example/feed', maxItems: 1_000_000 })).items.length;
  });
  return {
    sources: n,
    ...s,
    feedMB: Buffer.byteLength(big) / 1e6,
    parseSeconds: (performance.now() - t) / 1000,
    parseItems: parsed,
    maxLoopDelayMs: maxDelay,
    idleMaxLoopDelayMs: idleMax,
  };
}

/** Prints the figures. */
export function printSweep(f: SweepFigures): void {
  console.log(`\n== fetch stage: sweep of ${f.sources} unchanged sources (all 304)`);
  console.log(`sweep                      ${f.sourcesPerSec.toFixed(0).padStart(8)} sources/s  (${f.sweepSeconds.toFixed(1)} s, ${f.notModified} answered 304)`);
  console.log(`peak RSS                   ${f.peakRssMiB.toFixed(0).padStart(8)} MiB`);
  console.log(`== event loop while parsing a ${f.feedMB.toFixed(0)} MB feed (${f.parseItems} items in ${f.parseSeconds.toFixed(1)} s)`);
  console.log(`max event-loop delay       ${f.maxLoopDelayMs.toFixed(0).padStart(8)} ms   (idle baseline: ${f.idleMaxLoopDelayMs.toFixed(0)} ms; job locks last 30,000 ms)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sources = Number(process.argv.find((a) => a.startsWith('--sources='))?.slice(10) ?? 10_000);
  printSweep(await runSweepBench({ sources }));
  process.exit(0);
}
