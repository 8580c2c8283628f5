/**
 * Extraction benchmark over shared/corpora/extraction-dev (990 real pages with expected snippets and metadata):
 * body accuracy (with/without snippets), title/author/date accuracy and pages/s on one core, for feedmill's
 * extractArticle and for @mozilla/readability over linkedom, measured side by side in the same run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractArticle } from '../src/extract/index.js';
import { decodeText } from '../src/fetch/charset.js';
import { htmlToText, toIsoDate } from '../src/normalize/index.js';

/** Options of {@link runExtractionBench}. */
export interface ExtractionBenchOptions {
  /** Only the first N cases (in cases.json order). */
  limit?: number;
  corpusDir?: string;
  /** Skip the Readability baseline (faster iterations). */
  skipBaseline?: boolean;
  /** Write per-page misses of feedmill as JSON here. */
  dumpFile?: string;
  /** Print the figures (default true). */
  print?: boolean;
}

/** Scores of one extractor over the corpus. */
export interface ExtractorScores {
  name: string;
  pages: number;
  withFound: number;
  withTotal: number;
  withoutAbsent: number;
  withoutTotal: number;
  recall: number;
  precision: number;
  bodyF: number;
  title: { ok: number; total: number };
  author: { ok: number; total: number };
  date: { ok: number; total: number };
  pagesPerSecond: number;
  errors: number;
}

interface Case {
  file: string;
  with: string[];
  without: string[];
  title?: string;
  author?: string | string[];
  date?: string;
}

interface Output {
  text: string;
  title: string;
  authors: string[];
  date?: string;
}

type Extractor = (html: string, url: string) => Output;

const here = dirname(fileURLToPath(import.meta.url));
const WARMUP = 40;

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

const feedmill: Extractor = (html, url) => {
  const a = extractArticle(html, { url });
  return { text: a.contentText ?? '', title: a.title, authors: a.authors.map((x) => x.name), date: a.publishedAt };
};

const readability: Extractor = (html, url) => {
  const { document } = parseHTML(html);
  // linkedom has no URL of its own: Readability resolves links against documentURI/baseURI.
  void url;
  // linkedom's document is DOM-compatible enough for Readability; the DOM lib types are not loaded here.
  const art = new Readability(document as never).parse();
  const byline = art?.byline ?? '';
  return {
    text: art?.content ?? '',
    title: art?.title ?? '',
    authors: byline.replace(/^\s*by\s+/i, '').split(/\s*(?:,|;|&|\band\b)\s*/i).filter((s) => s.trim() !== ''),
    date: art?.publishedTime ?? undefined,
  };
};

function day(value: string | undefined): string | undefined {
  return value ? toIsoDate(value)?.slice(0, 10) : undefined;
}

function sameAuthors(expected: string | string[], got: string[]): boolean {
  // "Set of names": annotations join several with ", " or "; " and a few with "und"/"and"/"&".
  const list = Array.isArray(expected) ? expected : expected.split(/\s*[,;&]\s*|\s+(?:und|and)\s+/);
  const want = new Set(list.map((s) => squash(s).toLowerCase()).filter(Boolean));
  const have = new Set(got.map((s) => squash(s).toLowerCase()).filter(Boolean));
  return want.size === have.size && [...want].every((w) => have.has(w));
}

function score(name: string, pages: { url: string; c: Case; html: string }[], run: Extractor, textOf: (t: string) => string, dump?: string): ExtractorScores {
  const s: ExtractorScores = {
    name, pages: pages.length, withFound: 0, withTotal: 0, withoutAbsent: 0, withoutTotal: 0, recall: 0, precision: 0, bodyF: 0,
    title: { ok: 0, total: 0 }, author: { ok: 0, total: 0 }, date: { ok: 0, total: 0 }, pagesPerSecond: 0, errors: 0,
  };
  for (const p of pages.slice(0, WARMUP)) safeRun(run, p.html, p.url);
  let ms = 0;
  const misses: unknown[] = [];
  for (const p of pages) {
    const t0 = performance.now();
    const out = safeRun(run, p.html, p.url);
    ms += performance.now() - t0;
    if (!out) s.errors++;
    const o = out ?? { text: '', title: '', authors: [] };
    const text = squash(textOf(o.text));
    const miss: Record<string, unknown> = {};
    const missing = p.c.with.filter((w) => !text.includes(squash(w)));
    const unwanted = p.c.without.filter((w) => text.includes(squash(w)));
    s.withTotal += p.c.with.length;
    s.withFound += p.c.with.length - missing.length;
    s.withoutTotal += p.c.without.length;
    s.withoutAbsent += p.c.without.length - unwanted.length;
    if (missing.length > 0) miss.missing = missing;
    if (unwanted.length > 0) miss.unwanted = unwanted;
    if (typeof p.c.title === 'string') {
      s.title.total++;
      if (squash(o.title) === squash(p.c.title)) s.title.ok++;
      else miss.title = [p.c.title, o.title];
    }
    if (p.c.author !== undefined && p.c.author !== null) {
      s.author.total++;
      if (sameAuthors(p.c.author, o.authors)) s.author.ok++;
      else miss.author = [p.c.author, o.authors];
    }
    if (typeof p.c.date === 'string') {
      s.date.total++;
      if ((day(o.date) ?? '') === p.c.date) s.date.ok++;
      else miss.date = [p.c.date, o.date];
    }
    if (Object.keys(miss).length > 0) misses.push({ url: p.url, file: p.c.file, ...miss });
  }
  s.recall = s.withFound / Math.max(1, s.withTotal);
  s.precision = s.withoutAbsent / Math.max(1, s.withoutTotal);
  s.bodyF = (2 * s.recall * s.precision) / Math.max(1e-9, s.recall + s.precision);
  s.pagesPerSecond = pages.length / (ms / 1000);
  if (dump) writeFileSync(dump, JSON.stringify(misses, null, 1));
  return s;
}

function safeRun(run: Extractor, html: string, url: string): Output | undefined {
  try {
    return run(html, url);
  } catch {
    return undefined;
  }
}

const pct = (ok: number, total: number): string => (total === 0 ? 'n/a' : `${((100 * ok) / total).toFixed(1)}% (${ok}/${total})`);

/** Prints one table row per extractor. */
export function printExtraction(rows: ExtractorScores[]): void {
  console.log('extraction (extraction-dev corpus)');
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(22)} body F ${(100 * r.bodyF).toFixed(1)}% (with ${(100 * r.recall).toFixed(1)}%, without ${(100 * r.precision).toFixed(1)}%)` +
        ` | title ${pct(r.title.ok, r.title.total)} | author ${pct(r.author.ok, r.author.total)} | date ${pct(r.date.ok, r.date.total)}` +
        ` | ${r.pagesPerSecond.toFixed(1)} pages/s | ${r.pages} pages${r.errors ? `, ${r.errors} errors` : ''}`,
    );
  }
}

/** Runs the benchmark; returns the scores (empty when the corpus is absent). */
export async function runExtractionBench(opts: ExtractionBenchOptions = {}): Promise<ExtractorScores[]> {
  const dir = opts.corpusDir ?? resolve(here, '..', '..', 'shared', 'corpora', 'extraction-dev');
  const print = opts.print ?? true;
  if (!existsSync(resolve(dir, 'cases.json'))) {
    if (print) console.log(`extraction: corpus absent (${dir}), skipped`);
    return [];
  }
  const cases = JSON.parse(readFileSync(resolve(dir, 'cases.json'), 'utf8')) as Record<string, Case>;
  // File reading and charset decoding happen here, outside the timed loops.
  const pages = Object.entries(cases)
    .slice(0, opts.limit ?? Infinity)
    .map(([url, c]) => ({ url, c, html: decodeText(gunzipSync(readFileSync(resolve(dir, c.file)))) }));
  const rows = [score('feedmill', pages, feedmill, (t) => t, opts.dumpFile)];
  if (!opts.skipBaseline) rows.push(score('readability+linkedom', pages, readability, htmlToText));
  if (print) printExtraction(rows);
  return rows;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const limit = arg('--limit');
  await runExtractionBench({
    ...(limit ? { limit: Number(limit) } : {}),
    skipBaseline: process.argv.includes('--no-baseline'),
    ...(arg('--dump') ? { dumpFile: arg('--dump') as string } : {}),
  });
}
