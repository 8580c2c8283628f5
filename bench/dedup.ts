/**
 * Near-duplicate benchmark (issue 5, "bench/dedup"): precision and recall of the near-duplicate decision as
 * the pipeline makes it — candidates from the LSH index in Redis, then compareBodies on the stored bodies —
 * over a labelled pair set built from real pages (bench/dedup-pairs.ts), per edit type, for the settings in
 * force and for the previous ones (body fingerprint only, 4×16 bits with 1-bit probing) in the same run;
 * then lookup time per article with 10 k and 1 M articles' fingerprints stored (synthetic, pipelined writes).
 * Everything lives under a unique key prefix, deleted at the end. Run: `npm run bench dedup` or
 * `node --import tsx bench/dedup.ts [--limit N] [--corpus DIR] [--no-timing] [--sizes 10000,1000000] [--baseline-timing] [--dump FILE]`.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { DEFAULT_LSH, createLshIndex, type LshIndex, type LshOptions } from '../src/dedup/lsh.js';
import { DEFAULT_NEAR_DUP, compareBodies, type NearDupOptions } from '../src/dedup/similarity.js';
import { simhash } from '../src/dedup/simhash.js';
import { DEFAULT_WINDOWS, windowFingerprints, type WindowOptions } from '../src/dedup/windows.js';
import { labelledPairs, loadBaseDocs, type BaseDoc, type LabelledPair } from './dedup-pairs.js';
import { prng } from './dedup-edits.js';
import { deleteUnderPrefix } from './cleanup.js';

/** Options of {@link runDedupBench}. */
export interface DedupBenchOptions {
  corpusDir?: string;
  /** Only the first N corpus pages. */
  limit?: number;
  seed?: number;
  redisUrl?: string;
  /** Index sizes (articles) for the lookup timing; empty = no timing. Default [10_000, 1_000_000]. */
  sizes?: number[];
  /** Also time the previous setting (CONFIGS[1]) at the same sizes. */
  baselineTiming?: boolean;
  /** Print the figures (default true). */
  print?: boolean;
  /** Write the missed positives and the false positives of the setting in force here, as JSON. */
  dumpFile?: string;
}

/** One index/decision setting under test. */
export interface DedupConfig {
  name: string;
  lsh: LshOptions;
  /** Window fingerprints stored and queried besides the body fingerprint; false = body fingerprint only. */
  windows: Partial<WindowOptions> | false;
  nearDup?: Partial<NearDupOptions>;
}

/** Counts of one pair kind. */
export interface KindScore {
  kind: string;
  positive: boolean;
  n: number;
  /** Pairs whose stored article was among the LSH candidates. */
  candidate: number;
  /** Pairs the decision linked (true positives for positive kinds, false positives otherwise). */
  linked: number;
  /** Pairs compareBodies alone calls duplicates (no index). */
  decisionAlone: number;
}

/** Figures of one setting. */
export interface ConfigScore {
  config: DedupConfig;
  kinds: KindScore[];
  /** Links from a query to a stored article of another story that no pair labels (counted as false positives). */
  falseJoins: number;
  precision: number;
  recall: number;
  /** Wrong decisions: missed positives and linked negatives (for --dump). */
  errors: unknown[];
}

/** Lookup timing at one index size. */
export interface Timing {
  config: string;
  articles: number;
  msPerLookup: number;
  fillSeconds: number;
  /** Growth of Redis used_memory while this index was filled. */
  redisBytes: number;
}

/** Everything the bench measured. */
export interface DedupBenchResult {
  source: string;
  docs: number;
  scores: ConfigScore[];
  timings: Timing[];
}

/** Candidates compared per article, as in the pipeline (process-article.ts MAX_CANDIDATES). */
const MAX_CANDIDATES = 20;
const here = dirname(fileURLToPath(import.meta.url));

/** The settings in force, and the ones before window fingerprints. */
export const CONFIGS: readonly DedupConfig[] = [
  { name: 'in force: body + window fps', lsh: {}, windows: {} },
  { name: 'before: body fp only, 4×16 probe=1, containment 0.8', lsh: { bands: 4, probe: 1 }, windows: false, nearDup: { containment: 0.8 } },
];

function fpsOf(cfg: DedupConfig, a: { title: string; text: string }): string[] {
  // The body fp exactly as process-article.ts computes Article.fingerprint.
  const body = simhash(`${a.title}\n${a.text}`);
  return cfg.windows === false ? [body] : [body, ...windowFingerprints(a.text, cfg.windows)];
}

async function scoreConfig(redis: Redis, prefix: string, cfg: DedupConfig, docs: readonly BaseDoc[], pairs: readonly LabelledPair[]): Promise<ConfigScore> {
  const index = createLshIndex(redis, prefix, cfg.lsh);
  await index.addMany(docs.map((d) => ({ id: d.id, fps: fpsOf(cfg, d) })));
  const byId = new Map(docs.map((d) => [d.id, d]));
  const linksOf = new Map<object, { cands: Set<string>; linked: Set<string> }>();
  const kinds = new Map<string, KindScore>();
  let falseJoins = 0;
  const errors: unknown[] = [];
  for (const p of pairs) {
    let res = linksOf.get(p.query);
    if (!res) {
      const cands = (await index.candidates(fpsOf(cfg, p.query), MAX_CANDIDATES)).filter((id) => id !== p.self);
      const linked = cands.filter((id) => compareBodies(p.query, byId.get(id) as BaseDoc, cfg.nearDup).duplicate);
      res = { cands: new Set(cands), linked: new Set(linked) };
      linksOf.set(p.query, res);
      // Every query is counted once for links that no label allows (its own story's stored copies are allowed).
      falseJoins += linked.filter((id) => !p.allowed.includes(id) && !pairs.some((q) => q.query === p.query && q.target === id)).length;
    }
    const k = kinds.get(p.kind) ?? { kind: p.kind, positive: p.positive, n: 0, candidate: 0, linked: 0, decisionAlone: 0 };
    kinds.set(p.kind, k);
    k.n++;
    if (res.cands.has(p.target)) k.candidate++;
    if (res.linked.has(p.target)) k.linked++;
    const target = byId.get(p.target) as BaseDoc;
    const alone = compareBodies(p.query, target, cfg.nearDup);
    if (alone.duplicate) k.decisionAlone++;
    if (res.linked.has(p.target) !== p.positive) {
      errors.push({ kind: p.kind, target: target.url, candidate: res.cands.has(p.target), reason: alone.reason, title: p.query.title, text: p.query.text.slice(0, 600) });
    }
  }
  const list = [...kinds.values()];
  const tp = list.filter((k) => k.positive).reduce((n, k) => n + k.linked, 0);
  const pos = list.filter((k) => k.positive).reduce((n, k) => n + k.n, 0);
  const fp = list.filter((k) => !k.positive).reduce((n, k) => n + k.linked, 0) + falseJoins;
  return { config: cfg, kinds: list, falseJoins, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, pos), errors };
}

/** Synthetic articles: random 64-bit fps (as many per article as the setting stores), ids shaped like real ones. */
function synthetic(from: number, to: number, fpsPerArticle: number, seed: number): { id: string; fps: string[] }[] {
  const r = prng(seed + from);
  const hex = (): string => Math.floor(r() * 2 ** 32).toString(16).padStart(8, '0');
  const out: { id: string; fps: string[] }[] = [];
  for (let i = from; i < to; i++) out.push({ id: `syn${i.toString(32).padStart(23, '0')}`, fps: Array.from({ length: fpsPerArticle }, () => hex() + hex()) });
  return out;
}

/** Mean ms per lookup over `queries`, once (after a warm-up pass of the first 200). */
async function timeRound(index: LshIndex, queries: readonly string[][]): Promise<number> {
  const t0 = performance.now();
  for (const q of queries) await index.candidates(q, MAX_CANDIDATES);
  return (performance.now() - t0) / queries.length;
}

/**
 * One index per size (the base articles plus synthetic ones up to that size), then timing rounds alternating
 * between the indexes, so that load from other processes on the machine hits every size alike; the median
 * round of each is reported.
 */
async function timeConfig(redis: Redis, prefix: string, cfg: DedupConfig, docs: readonly BaseDoc[], pairs: readonly LabelledPair[], sizes: readonly number[]): Promise<Timing[]> {
  const queries = pairs.filter((p) => p.positive).slice(0, 2000).map((p) => fpsOf(cfg, p.query));
  const perArticle = cfg.windows === false ? 1 : 1 + (cfg.windows.count ?? DEFAULT_WINDOWS.count);
  const built: { index: LshIndex; timing: Timing; rounds: number[] }[] = [];
  for (const [i, size] of [...sizes].sort((a, b) => a - b).entries()) {
    const index = createLshIndex(redis, `${prefix}:${i}`, cfg.lsh);
    const m0 = await usedMemory(redis);
    const t0 = performance.now();
    await index.addMany(docs.map((d) => ({ id: d.id, fps: fpsOf(cfg, d) })));
    for (let n = docs.length; n < size; n += 100_000) await index.addMany(synthetic(n, Math.min(size, n + 100_000), perArticle, 7));
    const fillSeconds = (performance.now() - t0) / 1000;
    const timing = { config: cfg.name, articles: Math.max(size, docs.length), msPerLookup: 0, fillSeconds, redisBytes: (await usedMemory(redis)) - m0 };
    built.push({ index, timing, rounds: [] });
  }
  for (const b of built) for (const q of queries.slice(0, 200)) await b.index.candidates(q, MAX_CANDIDATES);
  for (let round = 0; round < 5; round++) for (const b of built) b.rounds.push(await timeRound(b.index, queries));
  return built.map((b) => ({ ...b.timing, msPerLookup: b.rounds.sort((x, y) => x - y)[Math.floor(b.rounds.length / 2)] ?? 0 }));
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
}

const pct = (x: number, n: number): string => `${((100 * x) / Math.max(1, n)).toFixed(1)}%`.padStart(7);

/** Prints the figures. */
export function printDedup(r: DedupBenchResult): void {
  const nd = DEFAULT_NEAR_DUP;
  const w = DEFAULT_WINDOWS;
  console.log(`dedup (${r.source}; ${r.docs} base articles)`);
  console.log(
    `  decision: jaccard ≥ ${nd.jaccard} or containment ≥ ${nd.containment} with shorter ≥ ${nd.minLengthRatio} of longer; < ${nd.minTokens} words: exact;` +
      ` LSH ${DEFAULT_LSH.bands} bands probe=${DEFAULT_LSH.probe} maxDistance ${DEFAULT_LSH.maxDistance} bucketLimit ${DEFAULT_LSH.bucketLimit};` +
      ` windows ${w.count} × ${w.shingles} shingles at paragraphs ≥ ${w.minParagraphWords} words; ≤ ${MAX_CANDIDATES} candidates compared`,
  );
  for (const s of r.scores) {
    console.log(`  ${s.config.name}: precision ${s.precision.toFixed(4)} recall ${s.recall.toFixed(4)} (targets ≥ 0.99, ≥ 0.95); unlabelled false joins ${s.falseJoins}`);
    for (const k of s.kinds) {
      const tail = k.positive
        ? `candidate ${pct(k.candidate, k.n)}  recall ${pct(k.linked, k.n)}  (decision alone ${pct(k.decisionAlone, k.n)})`
        : `candidate ${pct(k.candidate, k.n)}  false positives ${String(k.linked).padStart(3)}  (decision alone ${k.decisionAlone})`;
      console.log(`    ${k.positive ? '+' : '-'} ${k.kind.padEnd(22)} n=${String(k.n).padStart(4)}  ${tail}`);
    }
  }
  for (const name of new Set(r.timings.map((t) => t.config))) {
    const ts = r.timings.filter((t) => t.config === name);
    const [first, last] = [ts[0] as Timing, ts.at(-1) as Timing];
    const rows = ts.map(
      (t) => `${t.articles.toLocaleString('en-US')} articles ${t.msPerLookup.toFixed(3)} ms (filled in ${t.fillSeconds.toFixed(1)} s, Redis +${(t.redisBytes / 2 ** 20).toFixed(0)} MB)`,
    );
    console.log(`  lookup per article, ${name}: ${rows.join(' | ')} | ratio ${(last.msPerLookup / first.msPerLookup).toFixed(2)} (target ≤ 1.5)`);
  }
}

/** Runs the benchmark and returns its figures (no index figures when Redis is unreachable). */
export async function runDedupBench(opts: DedupBenchOptions = {}): Promise<DedupBenchResult> {
  const corpusDir = opts.corpusDir ?? resolve(here, '..', '..', 'shared', 'corpora', 'extraction-dev');
  const { docs, source } = loadBaseDocs(resolve(here, '..'), corpusDir, opts.limit);
  const pairs = labelledPairs(docs, opts.seed ?? 1);
  const result: DedupBenchResult = { source, docs: docs.length, scores: [], timings: [] };
  const redis = new Redis(opts.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
  } catch (err) {
    console.log(`dedup: Redis unreachable (${String(err)}), skipped`);
    redis.disconnect();
    return result;
  }
  const prefix = `fmbench:dedup:${randomBytes(4).toString('hex')}`;
  try {
    for (const [i, cfg] of CONFIGS.entries()) result.scores.push(await scoreConfig(redis, `${prefix}:c${i}`, cfg, docs, pairs));
    const sizes = opts.sizes ?? [10_000, 1_000_000];
    const timed = opts.baselineTiming ? CONFIGS : CONFIGS.slice(0, 1);
    for (const [i, cfg] of timed.entries()) {
      if (sizes.length > 0) result.timings.push(...(await timeConfig(redis, `${prefix}:t${i}`, cfg, docs, pairs, sizes)));
      // Free each setting's index before filling the next one.
      await deleteUnderPrefix(redis, `${prefix}:t${i}`, 10_000);
    }
  } finally {
    await deleteUnderPrefix(redis, prefix, 10_000);
    await redis.quit();
  }
  if (opts.print ?? true) printDedup(result);
  if (opts.dumpFile) writeFileSync(opts.dumpFile, JSON.stringify(result.scores[0]?.errors ?? [], null, 1));
  return result;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const limit = arg('--limit');
  const sizes = arg('--sizes');
  const dump = arg('--dump');
  const corpus = arg('--corpus');
  await runDedupBench({
    ...(corpus ? { corpusDir: resolve(corpus) } : {}),
    baselineTiming: process.argv.includes('--baseline-timing'),
    ...(dump ? { dumpFile: dump } : {}),
    ...(limit ? { limit: Number(limit) } : {}),
    ...(process.argv.includes('--no-timing') ? { sizes: [] } : sizes ? { sizes: sizes.split(',').map(Number) } : {}),
  });
}
