/**
 * End-to-end ingestion benchmark: N loopback feeds of realistic items (~5 KB HTML each) through `crawl --once`
 * (fetch, parse, normalize, sanitize, dedup, store, publish on real Redis), beside the raw rss-parser parse rate
 * of the same bytes, measured in the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import Parser from 'rss-parser';
import { stringify } from 'yaml';
import { crawlOnce } from '../src/commands/crawl.js';
import { QUEUES } from '../src/model/jobs.js';
import { ensureRedis } from '../src/queue/managed-redis.js';
import { bullPrefix } from '../src/queue/queues.js';
import { deleteUnderPrefix } from './cleanup.js';

/** A seeded PRNG (mulberry32), so every run generates the same corpus. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = 'ka lo mi ne ra su ti ve do pa re si to mu la ne ko ri sa te'.split(' ');
/** A 4,000-word vocabulary drawn Zipf-like, so texts share common words but differ as real articles do. */
const VOCAB = Array.from({ length: 4000 }, (_, i) => {
  const r = rng(i + 1);
  const n = 1 + Math.floor(r() * 3);
  return Array.from({ length: n }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]).join('') + (i % 7 === 0 ? 's' : '');
});
const WORDS = VOCAB.slice(0, 20);

function paragraph(seed: number, words: number): string {
  const r = rng(seed * 7919 + 17);
  let s = '';
  for (let i = 0; i < words; i++) {
    // Zipf-ish: small ranks are far more frequent, as in natural language.
    const rank = Math.floor(Math.pow(VOCAB.length, r()) - 1);
    s += `${VOCAB[rank]}${i % 11 === 10 ? ',' : ''} `;
  }
  return `${s.trim()}.`;
}

/** One item with ~5 KB of HTML content. */
function item(feed: number, i: number, base: string): string {
  const seed = feed * 1000 + i;
  const paras = Array.from({ length: 8 }, (_, p) => `<p>${paragraph(seed + p * 17, 75)} Story ${seed} part ${p}.</p>`).join('\n');
  const html = `<figure><img src="/img/${seed}.jpg" alt="photo"><figcaption>Photo ${seed}</figcaption></figure>\n${paras}`;
  return `<item><title>Story ${seed}: ${WORDS[seed % WORDS.length]} ${WORDS[(seed + 3) % WORDS.length]} update</title>` +
    `<link>${base}/f${feed}/story/${i}?utm_source=rss</link><guid isPermaLink="false">f${feed}-${i}</guid>` +
    `<pubDate>${new Date(Date.UTC(2026, 0, 1, 0, seed % 1440)).toUTCString()}</pubDate>` +
    `<dc:creator>Reporter ${seed % 17}</dc:creator><category>news</category>` +
    `<description>${paragraph(seed, 30)}</description><content:encoded><![CDATA[${html}]]></content:encoded></item>`;
}

/** One RSS 2.0 feed of `items` realistic items whose links point under `base` (also bench/article-cpu.ts's corpus). */
export function feedXml(feed: number, items: number, base: string): string {
  const body = Array.from({ length: items }, (_, i) => item(feed, i, base)).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" ` +
    `xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench ${feed}</title><link>${base}/f${feed}/</link>` +
    `<description>bench</description>${body}</channel></rss>`;
}

/** Figures of one ingestion run. */
export interface IngestFigures {
  feeds: number;
  items: number;
  bytes: number;
  rawItemsPerSec: number;
  e2eArticlesPerSec: number;
  ratio: number;
  /** CPU time of this process (all roles run in it) per stored article, µs: steadier than rates on a busy machine. */
  cpuUsPerArticle: number;
  /** CPU time of the Redis server per stored article, µs (its INFO counters; includes other clients of a shared Redis). */
  redisCpuUsPerArticle: number;
  /** Renders the publish workers did during the crawl (the final render of `crawl --once` not counted), and their time, ms. */
  renders: number;
  renderMs: number;
  /** publish.renderShare of the run (BENCH_RENDER_SHARE, else the default). */
  renderShare: number;
}

/** Publish jobs completed under `prefix` and the render time they report (PublishResult.renderMs). */
async function rendersDone(redis: Redis, prefix: string): Promise<{ renders: number; renderMs: number }> {
  const queue = new Queue(QUEUES.publish, { connection: redis, prefix: bullPrefix(prefix) });
  const jobs = await queue.getCompleted(0, -1);
  await queue.close();
  return { renders: jobs.length, renderMs: jobs.reduce((n, j) => n + Number((j.returnvalue as { renderMs?: number } | null)?.renderMs ?? 0), 0) };
}

/** Seconds of CPU the Redis server has used (INFO cpu). */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_sys') + field('used_cpu_user');
}

/** Runs the benchmark and returns its figures (the CLI entry prints them). */
export async function runIngestBench(opts: { feeds?: number; items?: number; threads?: string } = {}): Promise<IngestFigures> {
  const feeds = opts.feeds ?? 40;
  const perFeed = opts.items ?? 50;
  const docs = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const body = docs.get(req.url ?? '');
    if (!body) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (let f = 0; f < feeds; f++) docs.set(`/f${f}.xml`, feedXml(f, perFeed, base));
  const bytes = [...docs.values()].reduce((n, d) => n + Buffer.byteLength(d), 0);

  // Baseline: rss-parser alone on the same bytes (warm-up, then timed).
  const parser = new Parser();
  for (const d of [...docs.values()].slice(0, 4)) await parser.parseString(d);
  let t = performance.now();
  let parsed = 0;
  for (const d of docs.values()) parsed += (await parser.parseString(d)).items.length;
  const rawItemsPerSec = parsed / ((performance.now() - t) / 1000);

  const redisHandle = await ensureRedis({
    ...(process.env.REDIS_URL ? { url: process.env.REDIS_URL } : {}),
    managed: 'auto',
    dataDir: join(tmpdir(), 'feedmill-bench-redis'),
    port: 6390,
  });
  const dir = mkdtempSync(join(tmpdir(), 'feedmill-bench-'));
  // BENCH_RENDER_SHARE=1 turns render pacing off (publish-pace.ts), to compare.
  const renderShare = Number(process.env.BENCH_RENDER_SHARE ?? 0.1);
  const prefix = `fmbench:${Date.now()}`;
  writeFileSync(join(dir, 'feedmill.yaml'), stringify({ fetch: { concurrency: 8, politeness: { spacing: 0, concurrency: 64 } }, workers: { articleConcurrency: 32 }, log: { level: 'silent' }, publish: { renderShare } }));
  writeFileSync(
    join(dir, 'sources.yaml'),
    stringify({ sources: Array.from({ length: feeds }, (_, f) => ({ id: `f${f}`, url: `${base}/f${f}.xml` })) }),
  );
  writeFileSync(join(dir, 'feeds.yaml'), stringify({ feeds: [{ id: 'all', title: 'All', limit: 100 }] }));
  const env = { REDIS_URL: redisHandle.url, FEEDMILL_REDIS_PREFIX: prefix, FEEDMILL_ALLOW_PRIVATE_NETWORKS: '1', LOG_LEVEL: 'silent', FEEDMILL_THREADS: opts.threads ?? 'auto' };
  // Warm-up: one pass over two feeds under another prefix, so the timed pass runs JIT-compiled code.
  await crawlOnce(['f0', 'f1'], { config: dir, env: { ...env, FEEDMILL_REDIS_PREFIX: `${prefix}:warm` } });
  const redis = new Redis(redisHandle.url);
  const redisCpu0 = await redisCpuSeconds(redis);
  const cpu0 = process.cpuUsage();
  t = performance.now();
  const summary = await crawlOnce([], { config: dir, env });
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const redisCpu = (await redisCpuSeconds(redis)) - redisCpu0;
  const stored = summary.reduce((n, s) => n + s.new + s.duplicate, 0);
  const { renders, renderMs } = await rendersDone(redis, prefix);

  await deleteUnderPrefix(redis, prefix);
  await redis.quit();
  await redisHandle.stop();
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((r) => server.close(() => r()));

  const e2eArticlesPerSec = stored / seconds;
  return {
    feeds,
    items: feeds * perFeed,
    bytes,
    rawItemsPerSec,
    e2eArticlesPerSec,
    ratio: e2eArticlesPerSec / rawItemsPerSec,
    cpuUsPerArticle: (cpu.user + cpu.system) / stored,
    redisCpuUsPerArticle: (redisCpu * 1e6) / stored,
    renders,
    renderMs,
    renderShare,
  };
}

/** Prints the figures as a small table. */
export function printIngest(f: IngestFigures, layout = 'worker threads (workers.threads: auto)'): void {
  console.log(`\n== ingestion end to end (${f.feeds} feeds × ${f.items / f.feeds} items, ${(f.bytes / 1e6).toFixed(1)} MB), ${layout}`);
  console.log(`rss-parser alone (baseline)   ${f.rawItemsPerSec.toFixed(0).padStart(8)} items/s`);
  console.log(`feedmill crawl --once         ${f.e2eArticlesPerSec.toFixed(0).padStart(8)} articles/s`);
  console.log(`ratio                         ${f.ratio.toFixed(2).padStart(8)}×  (target ≥ 0.30×)`);
  console.log(`CPU per article               ${f.cpuUsPerArticle.toFixed(0).padStart(8)} µs feedmill + ${f.redisCpuUsPerArticle.toFixed(0)} µs Redis`);
  console.log(`renders while crawling        ${String(f.renders).padStart(8)}     (${(f.renderMs / 1000).toFixed(1)} s of render time; publish.renderShare ${f.renderShare})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const feeds = Number(process.argv.find((a) => a.startsWith('--feeds='))?.slice(8) ?? 40);
  const threads = process.argv.find((a) => a.startsWith('--threads='))?.slice(10);
  const layout = threads === undefined || threads === 'auto' ? undefined : threads === '0' ? 'roles on the main thread (workers.threads: 0)' : `${threads} worker thread(s) (workers.threads: ${threads})`;
  printIngest(await runIngestBench({ feeds, ...(threads ? { threads } : {}) }), layout);
  process.exit(0);
}
