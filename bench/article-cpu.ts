/**
 * CPU per article on one thread, by stage: the ingest bench's corpus (bench/ingest.ts) served on loopback, each source's
 * fetch stage (ingestSource: fetch, parse, normalize, fingerprint, pending write) and then each article job
 * (processArticles: identity, near-duplicate cluster, store) run in this process one at a time on real Redis, with no
 * queue workers, so the process's CPU time belongs to the stage being timed. Beside it: rss-parser's raw parse of the
 * same bytes, and the pure steps alone on the same items (no Redis) to show where a stage's time goes.
 * Run: `npm run bench -- article-cpu` or `node --import tsx bench/article-cpu.ts [--feeds=N] [--no-split] [--profile=DIR]`
 * (--profile writes fetch.cpuprofile and article.cpuprofile of the two stages).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Parser from 'rss-parser';
import { stringify } from 'yaml';
import { loadConfig } from '../src/config/index.js';
import { itemFingerprint } from '../src/dedup/identity.js';
import { contentHashOf } from '../src/dedup/identity.js';
import { simhashOf, tokenize } from '../src/dedup/simhash.js';
import { windowFingerprints } from '../src/dedup/windows.js';
import type { ArticleDraft } from '../src/model/article.js';
import type { ArticleJob } from '../src/model/jobs.js';
import { htmlToText, sanitizeHtml } from '../src/normalize/index.js';
import { parseFeed } from '../src/parse/index.js';
import { ingestSource, processArticles } from '../src/pipeline/index.js';
import { createLogger } from '../src/runtime/logger.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { encodeArticle } from '../src/store/codec.js';
import { feedXml } from './ingest.js';
import { deleteUnderPrefix } from './cleanup.js';

/**
 * CPU microseconds of this (the main) thread, from Linux's per-thread scheduler statistics: what one worker thread
 * spends, without V8's background GC threads. Elsewhere: the whole process's user + system time.
 */
function threadCpuUs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1000;
  } catch {
    const u = process.cpuUsage();
    return u.user + u.system;
  }
}

/** CPU microseconds spent by `fn`: this thread's, and the whole process's. */
async function cpuOf(fn: () => unknown): Promise<{ thread: number; process: number }> {
  const p = process.cpuUsage();
  const t = threadCpuUs();
  await fn();
  const d = process.cpuUsage(p);
  return { thread: threadCpuUs() - t, process: d.user + d.system };
}

/** Runs `fn` under the V8 profiler when `file` is set, writing a .cpuprofile there (open it in Chrome DevTools). */
async function profiled<T>(file: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!file) return fn();
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((res, rej) => session.post(method, (err, out) => (err ? rej(err) : res(out))));
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await fn();
  } finally {
    const out = (await post('Profiler.stop')) as { profile: unknown };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(out.profile));
    session.disconnect();
  }
}

/** One row: a step and its CPU per item (this thread's; the whole process's for the real stages). */
export interface CpuRow {
  step: string;
  usPerItem: number;
  processUsPerItem?: number;
}

/** Figures of one run. */
export interface ArticleCpuFigures {
  items: number;
  articles: number;
  rows: CpuRow[];
  rawUsPerItem: number;
  /** This thread's CPU per item of the fetch stage and per stored article of the article stage. */
  fetchUsPerItem: number;
  articleUsPerArticle: number;
  /** Redis server CPU per stored article, both stages (INFO cpu; includes other clients of a shared Redis). */
  redisUsPerArticle: number;
}

/** The pure steps alone over the corpus's items, µs per item each (warm: every step runs once over all items first). */
async function pureRows(docs: readonly string[], base: string): Promise<CpuRow[]> {
  const drafts: ArticleDraft[] = [];
  for (const [f, d] of docs.entries()) drafts.push(...(await parseFeed(d, { url: `${base}/f${f}.xml` })).items);
  // The raw HTML bodies as the feed has them (normalizeDraft sanitizes these).
  const raws: { html: string; url: string }[] = [];
  const parser = new Parser<Record<string, unknown>, { 'content:encoded'?: string; link?: string }>({ customFields: { item: ['content:encoded'] } });
  for (const d of docs) for (const it of (await parser.parseString(d)).items) raws.push({ html: it['content:encoded'] ?? '', url: it.link ?? base });
  const n = drafts.length;
  const steps: [string, () => unknown][] = [
    ['  parseFeed (rss-parser + items + normalizeDraft)', async () => { for (const [f, d] of docs.entries()) await parseFeed(d, { url: `${base}/f${f}.xml` }); }],
    ['    sanitizeHtml (in normalizeDraft)', () => raws.forEach((r) => sanitizeHtml(r.html, { baseUrl: r.url }))],
    ['    htmlToText of the sanitized body', () => drafts.forEach((d) => htmlToText(d.contentHtml ?? ''))],
    ['  itemFingerprint', () => drafts.forEach((d) => itemFingerprint(d))],
    ['  tokenize + contentHash + simhash', () => drafts.forEach((d) => { const b = tokenize(d.contentText ?? ''); contentHashOf(b); simhashOf([tokenize(d.title), b]); })],
    ['  windowFingerprints', () => drafts.forEach((d) => windowFingerprints(d.contentText ?? ''))],
    ['  JSON + deflate of the article', () => drafts.forEach((d) => encodeArticle(JSON.stringify(d)))],
  ];
  for (const [, fn] of steps) await fn();
  const rows: CpuRow[] = [];
  for (const [step, fn] of steps) rows.push({ step, usPerItem: (await cpuOf(fn)).thread / n });
  return rows;
}

/** Runs the benchmark and returns its figures. */
export async function runArticleCpuBench(
  opts: { feeds?: number; items?: number; split?: boolean; profileDir?: string } = {},
): Promise<ArticleCpuFigures> {
  const feeds = opts.feeds ?? 20;
  const perFeed = opts.items ?? 50;
  const docs = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const body = docs.get(req.url ?? '');
    res.statusCode = body ? 200 : 404;
    if (body) res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (let f = 0; f < feeds; f++) docs.set(`/f${f}.xml`, feedXml(f, perFeed, base));
  const texts = [...docs.values()];

  const parser = new Parser();
  for (const d of texts) await parser.parseString(d);
  const rawUsPerItem = (await cpuOf(async () => { for (const d of texts) await parser.parseString(d); })).thread / (feeds * perFeed);
  // `split: false` skips the pure steps (for profiling the stages alone).
  const rows = opts.split === false ? [] : await pureRows(texts, base);

  const dir = mkdtempSync(join(tmpdir(), 'feedmill-artcpu-'));
  writeFileSync(join(dir, 'feedmill.yaml'), stringify({ fetch: { politeness: { spacing: 0, concurrency: 64 } }, log: { level: 'silent' } }));
  writeFileSync(join(dir, 'sources.yaml'), stringify({ sources: Array.from({ length: feeds }, (_, f) => ({ id: `f${f}`, url: `${base}/f${f}.xml` })) }));
  writeFileSync(join(dir, 'feeds.yaml'), stringify({ feeds: [{ id: 'all', title: 'All', limit: 100 }] }));
  const env = { ...process.env, FEEDMILL_REDIS_PREFIX: `fmartcpu:${Date.now()}`, FEEDMILL_ALLOW_PRIVATE_NETWORKS: '1', LOG_LEVEL: 'silent' };
  const config = loadConfig(dir, env);
  const rt = await createRuntime(config, createLogger('silent'));
  const { deps } = rt;
  const redisCpu = async () => {
    const info = await rt.redis.info('cpu');
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
    return (field('used_cpu_sys') + field('used_cpu_user')) * 1e6;
  };
  try {
    // Each stage runs over all sources before the next, one call at a time: the CPU measured is that stage's alone.
    const jobIds: string[] = [];
    const redis0 = await redisCpu();
    const prof = (stage: string) => (opts.profileDir ? join(opts.profileDir, `${stage}.cpuprofile`) : undefined);
    const fetchCpu = await profiled(prof('fetch'), () =>
      cpuOf(async () => {
        for (const s of config.sources) jobIds.push(...(await ingestSource({ sourceId: s.id }, deps)).articleJobIds);
      }),
    );
    const jobs: ArticleJob[] = [];
    for (const id of jobIds) {
      const job = await deps.queues.article.getJob(id);
      if (job) jobs.push(job.data as ArticleJob);
    }
    const redis1 = await redisCpu();
    let articles = 0;
    const articleCpu = await profiled(prof('article'), () =>
      cpuOf(async () => {
        for (const job of jobs) articles += (await processArticles(job, deps)).items.filter((i) => i.outcome !== 'unchanged').length;
      }),
    );
    const redis2 = await redisCpu();
    const items = feeds * perFeed;
    const stored = Math.max(1, articles);
    const fetchRow = { step: `fetch stage (ingestSource), Redis ${((redis1 - redis0) / items).toFixed(0)} µs`, usPerItem: fetchCpu.thread / items, processUsPerItem: fetchCpu.process / items };
    const articleRow = { step: `article stage (processArticles), Redis ${((redis2 - redis1) / stored).toFixed(0)} µs`, usPerItem: articleCpu.thread / stored, processUsPerItem: articleCpu.process / stored };
    // Each stage's row first, then the pure steps that belong to it.
    const at = rows.findIndex((r) => r.step.includes('tokenize'));
    const split = at < 0 ? [] : rows.splice(at);
    return {
      items,
      articles,
      rows: [fetchRow, ...rows, articleRow, ...split],
      rawUsPerItem,
      fetchUsPerItem: fetchRow.usPerItem,
      articleUsPerArticle: articleRow.usPerItem,
      redisUsPerArticle: (redis2 - redis0) / stored,
    };
  } finally {
    await deleteUnderPrefix(rt.redis, config.redis.prefix);
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
    await new Promise<void>((r) => server.close(() => r()));
  }
}

/** Prints the figures as a small table. */
export function printArticleCpu(f: ArticleCpuFigures): void {
  const us = f.fetchUsPerItem + f.articleUsPerArticle;
  const col = (x: number | undefined) => (x === undefined ? '' : x.toFixed(0)).padStart(8);
  console.log(`\n== CPU per article on one thread (${f.items} items, ${f.articles} stored; µs per item)`);
  console.log(`${'step'.padEnd(52)}   thread  process`);
  console.log(`${'rss-parser alone (baseline)'.padEnd(52)} ${col(f.rawUsPerItem)}`);
  for (const r of f.rows) console.log(`${r.step.padEnd(52)} ${col(r.usPerItem)} ${col(r.processUsPerItem)}`);
  console.log(`${'fetch + article stages'.padEnd(52)} ${col(us)}   = ${(1e6 / us).toFixed(0)} articles/s per thread, ${(f.rawUsPerItem / us).toFixed(2)}× raw; + ${f.redisUsPerArticle.toFixed(0)} µs Redis`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const feeds = Number(process.argv.find((a) => a.startsWith('--feeds='))?.slice(8) ?? 20);
  const profileDir = process.argv.find((a) => a.startsWith('--profile='))?.slice(10);
  printArticleCpu(await runArticleCpuBench({ feeds, split: !process.argv.includes('--no-split'), ...(profileDir ? { profileDir } : {}) }));
  process.exit(0);
}
