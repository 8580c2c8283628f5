/**
 * The labelled pair set of bench/dedup.ts: base articles from real pages (the extraction-dev corpus, else the
 * demo site and test fixtures), edited copies of each (positives), and different stories on the same topic
 * (negatives): corpus pairs sharing the most named entities or the same site, and synthetic stories that
 * reuse another story's first sentence or lead paragraph over a different body.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { contentHash } from '../src/dedup/identity.js';
import { tokens } from '../src/dedup/simhash.js';
import { extractArticle } from '../src/extract/index.js';
import { decodeText } from '../src/fetch/charset.js';
import { DEMO_STORIES } from '../demo/site.js';
import * as E from './dedup-edits.js';

/** One stored article of the bench. */
export interface BaseDoc {
  id: string;
  url: string;
  title: string;
  text: string;
  /** Same-story group: equal for documents labelled as copies of one story (natural duplicates). */
  story: number;
}

/** A query article and the stored article it is (positive) or is not (negative) a copy of. */
export interface LabelledPair {
  kind: string;
  positive: boolean;
  /** The article being ingested. */
  query: { title: string; text: string };
  /** Id of the stored article it is compared with. */
  target: string;
  /** Ids the query may link to without being wrong (the stored copies of its own story); the query's own id when stored. */
  allowed: string[];
  self?: string;
}

/** Minimum words of a base article: shorter pages are exact-match-only for the decision and cannot be trimmed. */
const MIN_WORDS = 100;

/** Real copies of one story found in the corpus and on the demo site (checked by hand). */
const NATURAL_SAME_STORY: readonly (readonly string[])[] = [
  ['https://djz.de/amoklauf-in-heidelberg-rufe-nach-schneller-aufklaerung/', 'https://www.jagdverband.de/wir-sind-tief-erschuettert'],
  [
    'https://www.cooperativa.cl/noticias/pais/presidente-boric/presidente-boric-vuelve-a-su-casa-magallanes-este-miercoles-realiza-su/2022-05-04/074527.html',
    'https://www.24horas.cl/politica/presidente-boric-inicia-gira-por-magallanes-este-miercoles-5287894',
  ],
  DEMO_STORIES.wireCopies.map((p) => `demo:${p}`),
];
/** Stories of the demo site that share names, places and day with the wire story but are different stories. */
const NATURAL_DISTINCT: readonly [string, string][] = DEMO_STORIES.wireCopies.map((p) => [`demo:${p}`, `demo:${DEMO_STORIES.sameTopicDistinct}`]);

interface Page {
  url: string;
  html: string;
}

function corpusPages(dir: string, limit: number): Page[] {
  const cases = JSON.parse(readFileSync(resolve(dir, 'cases.json'), 'utf8')) as Record<string, { file: string }>;
  return Object.entries(cases)
    .slice(0, limit)
    .map(([url, c]) => ({ url, html: decodeText(gunzipSync(readFileSync(resolve(dir, c.file)))) }));
}

function htmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? htmlFiles(p) : name.endsWith('.html') ? [p] : [];
  });
}

/** Article pages of the demo site (`{{BASE}}` filled in) and of tests/fixtures/pages, keyed `demo:/path` / `fixture:path`. */
function localPages(root: string): Page[] {
  const site = resolve(root, 'demo', 'site');
  const demo = htmlFiles(site)
    .map((p) => relative(site, p).split(sep).join('/'))
    // Outlet home pages are listings, not articles.
    .filter((rel) => !/^[^/]+\/index\.html$/.test(rel))
    .map((rel) => ({
      // The paths DEMO_STORIES uses: directory URLs for index.html, civic's extension-less article URLs.
      url: `demo:/${rel.replace(/index\.html$/, '').replace(/^(civic\/article\/[^/]+)\.html$/, '$1')}`,
      html: readFileSync(resolve(site, rel), 'utf8').replaceAll('{{BASE}}', 'http://demo.example'),
    }));
  const fixtures = htmlFiles(resolve(root, 'tests', 'fixtures', 'pages')).map((p) => ({ url: `fixture:${relative(root, p)}`, html: readFileSync(p, 'utf8') }));
  return [...demo, ...fixtures];
}

/** Loads the base articles: corpus pages when `corpusDir` exists (plus the demo site), else demo and fixture pages. */
export function loadBaseDocs(root: string, corpusDir: string, limit = Infinity): { docs: BaseDoc[]; source: string } {
  const hasCorpus = existsSync(resolve(corpusDir, 'cases.json'));
  const pages = [...(hasCorpus ? corpusPages(corpusDir, limit) : []), ...localPages(root)];
  const docs: BaseDoc[] = [];
  const byHash = new Map<string, number>();
  for (const p of pages) {
    const url = p.url.startsWith('demo:') ? `http://demo.example${p.url.slice(5)}` : p.url;
    const a = extractArticle(p.html, { url });
    const text = a.contentText ?? '';
    if (tokens(text).length < MIN_WORDS) continue;
    // The corpus holds a few pages twice under two addresses: one story.
    const hash = contentHash(text);
    const story = byHash.get(hash) ?? docs.length;
    byHash.set(hash, story);
    docs.push({ id: `d${docs.length}`, url: p.url, title: a.title, text, story });
  }
  for (const group of NATURAL_SAME_STORY) {
    const members = docs.filter((d) => group.includes(d.url));
    const story = Math.min(...members.map((d) => d.story));
    for (const m of members) for (const d of docs) if (d.story === m.story) d.story = story;
  }
  return { docs, source: hasCorpus ? `extraction-dev corpus (${corpusDir}) + demo site` : 'demo site + tests/fixtures/pages (corpus absent)' };
}

/** Positive edit types, each applied once to every base article. */
export const EDITS: Readonly<Record<string, (d: BaseDoc, r: E.Rand) => { title: string; text: string }>> = {
  furniture: (d, r) => ({ title: d.title, text: E.furniture(d.text, r) }),
  'rewritten lead': (d, r) => ({ title: d.title, text: E.newLead(d.text, r) }),
  'trimmed ending': (d, r) => ({ title: d.title, text: E.trimEnding(d.text, r).text }),
  'update line': (d, r) => ({ title: d.title, text: E.updateLine(d.text, r) }),
  'copy-edits': (d, r) => ({ title: d.title, text: E.copyEdits(d.text, r) }),
  // A wire story on a partner site: its furniture, its own lead and headline, the desk's copy-edits…
  syndicated: (d, r) => ({ title: E.retitle(d.title, r), text: E.copyEdits(E.newLead(E.furniture(d.text, r), r), r) }),
  // …and cut to fit.
  'syndicated + trimmed': (d, r) => ({ title: E.retitle(d.title, r), text: E.trimEnding(E.copyEdits(E.newLead(E.furniture(d.text, r), r), r), r).text }),
};

const ENTITY_RE = /(?<![.!?:]\s|^)\b\p{Lu}[\p{L}\p{M}-]{2,}/gmu;

/** Capitalized words not opening a sentence: names of people, places, organizations (and German nouns). */
function entities(text: string): Set<string> {
  return new Set(text.match(ENTITY_RE) ?? []);
}

/** Corpus pairs of different stories sharing the most (rare) named entities, plus every same-site pair. */
function sameTopicPairs(docs: readonly BaseDoc[], count: number): [BaseDoc, BaseDoc, string][] {
  const ents = docs.map((d) => entities(`${d.title}. ${d.text}`));
  const df = new Map<string, number>();
  for (const s of ents) for (const e of s) df.set(e, (df.get(e) ?? 0) + 1);
  const idf = (e: string): number => Math.log(docs.length / (df.get(e) ?? 1));
  const scored: [number, number, number][] = [];
  for (let i = 0; i < docs.length; i++) {
    for (let j = i + 1; j < docs.length; j++) {
      if (docs[i]?.story === docs[j]?.story) continue;
      let s = 0;
      const [a, b] = [ents[i] as Set<string>, ents[j] as Set<string>];
      for (const e of a.size < b.size ? a : b) if ((a.size < b.size ? b : a).has(e)) s += idf(e);
      scored.push([s, i, j]);
    }
  }
  scored.sort((x, y) => y[0] - x[0]);
  const out: [BaseDoc, BaseDoc, string][] = scored.slice(0, count).map(([, i, j]) => [docs[i] as BaseDoc, docs[j] as BaseDoc, 'same names']);
  const host = (u: string): string => (/^(?:https?:\/\/|demo:\/)([^/]+)/.exec(u)?.[1] ?? '');
  for (let i = 0; i < docs.length; i++) {
    for (let j = i + 1; j < docs.length; j++) {
      const [a, b] = [docs[i] as BaseDoc, docs[j] as BaseDoc];
      if (a.story !== b.story && host(a.url) !== '' && host(a.url) === host(b.url)) out.push([a, b, 'same site']);
    }
  }
  return out;
}

const words = (s: string): number => tokens(s).length;
const firstSentence = (p: string): string => p.split(/(?<=[.!?])\s+(?=\p{Lu})/u)[0] ?? p;

/** Builds every labelled pair from the base articles with a seeded PRNG. */
export function labelledPairs(docs: readonly BaseDoc[], seed: number): LabelledPair[] {
  const r = E.prng(seed);
  const sameStory = (d: BaseDoc): string[] => docs.filter((x) => x.story === d.story).map((x) => x.id);
  const byUrl = (u: string): BaseDoc | undefined => docs.find((d) => d.url === u);
  const pairs: LabelledPair[] = [];
  for (const d of docs) {
    for (const [kind, edit] of Object.entries(EDITS)) pairs.push({ kind, positive: true, query: edit(d, r), target: d.id, allowed: sameStory(d) });
  }
  for (const d of docs) {
    for (const o of docs) {
      if (o.id < d.id && o.story === d.story) pairs.push({ kind: 'natural copies', positive: true, query: d, target: o.id, allowed: sameStory(d), self: d.id });
    }
  }
  for (const [a, b] of NATURAL_DISTINCT.map(([x, y]) => [byUrl(x), byUrl(y)])) {
    if (a && b) pairs.push({ kind: 'same topic (demo)', positive: false, query: b, target: a.id, allowed: sameStory(b), self: b.id });
  }
  for (const [a, b, kind] of sameTopicPairs(docs, 400)) pairs.push({ kind, positive: false, query: b, target: a.id, allowed: sameStory(b), self: b.id });
  // Same first sentence (or whole lead paragraph), different body: the body of another story of the set.
  for (const a of docs) {
    const b = docs[Math.floor(r() * docs.length)] as BaseDoc;
    if (b.story === a.story) continue;
    const pa = E.paragraphs(a.text);
    const pb = E.paragraphs(b.text);
    const [lead] = E.splitLead(pa[E.leadIndex(pa)] ?? '');
    const rest = pb.slice(E.leadIndex(pb) + 1);
    // Only a real lead over a real body: a lead that is most of its story would make the pair a copy of it.
    if (words(lead) > 0.35 * words(a.text) || words(rest.join(' ')) < 80) continue;
    pairs.push({ kind: 'same first sentence', positive: false, query: { title: a.title, text: [firstSentence(lead), ...rest].join('\n\n') }, target: a.id, allowed: sameStory(b) });
    pairs.push({ kind: 'same lead', positive: false, query: { title: a.title, text: [lead, ...rest].join('\n\n') }, target: a.id, allowed: sameStory(b) });
  }
  return pairs;
}
