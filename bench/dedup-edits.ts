/**
 * Seeded, realistic edits that syndication partners and publishers make to a story, for bench/dedup.ts:
 * furniture added/removed at both ends, a paraphrased lead, a trimmed ending, an "Update:" line and light
 * copy-edits. Texts are Article.contentText: paragraphs separated by blank lines.
 */

/** A seeded PRNG (mulberry32): the same seed gives the same labelled set on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random generator in use. */
export type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const between = (r: Rand, lo: number, hi: number): number => lo + r() * (hi - lo);
const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/** Paragraphs of a contentText. */
export function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}
const join = (ps: readonly string[]): string => ps.join('\n\n');

// Partner-site furniture as extractors let it through: bylines, share prompts, newsletter boxes, credits.
const TOP = [
  'By Staff and wire reports | Published 14:32 | Updated 15:05',
  'Share this article: Facebook · X · WhatsApp · Email',
  'Listen to this article · 4 min',
  'Advertisement',
  'Von unserer Redaktion mit Material der Agenturen | 12.03.2024, 09:41 Uhr',
  'Teilen auf Facebook Teilen auf X Per E-Mail senden',
  'Anzeige',
  'Por Agencia EFE | 04.05.2022 - 10:15 hrs.',
  'Photo: Reuters / file photo',
];
const BOTTOM = [
  'Sign up for our morning newsletter and get the day’s top stories in your inbox.',
  '© 2024 The Daily Courier. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
  'Follow us on Facebook, X and Instagram for the latest updates.',
  'Mehr zum Thema: Alle Nachrichten aus der Region finden Sie hier.',
  'Haben Sie einen Fehler gefunden? Schreiben Sie uns.',
  'Copyright dpa-infocom GmbH',
  'Lea también: las noticias más importantes del día.',
  'Reporting by the newsroom; editing by the night desk.',
];
const UPDATES = [
  'Update, 15:05: This story has been updated with comment from the ministry.',
  'UPDATE: Adds reaction from opposition lawmakers in the fifth paragraph.',
  'Update (Tuesday): Officials later confirmed the figures cited below.',
  'Aktualisiert um 16:20 Uhr: Der Artikel wurde um eine Stellungnahme des Ministeriums ergänzt.',
  'Update: Eine frühere Version dieses Artikels nannte ein falsches Datum.',
  'Actualización: se añadieron declaraciones del Gobierno.',
];

// Small synonym table (both directions) for English, German, Spanish and French leads.
const SYNONYMS: readonly [string, string][] = [
  ['said', 'told reporters'], ['government', 'administration'], ['approved', 'passed'], ['more than', 'over'],
  ['about', 'around'], ['people', 'residents'], ['announced', 'said'], ['expected', 'set'], ['Thursday', 'on Thursday'],
  ['however', 'but'], ['because', 'as'], ['also', 'too'], ['new', 'fresh'], ['will', 'is set to'],
  ['sagte', 'erklärte'], ['mehr als', 'über'], ['rund', 'etwa'], ['jedoch', 'allerdings'], ['außerdem', 'zudem'],
  ['bereits', 'schon'], ['Regierung', 'Bundesregierung'], ['wurde', 'ist'], ['nicht', 'keineswegs'], ['sowie', 'und'],
  ['dijo', 'señaló'], ['más de', 'sobre'], ['gobierno', 'Ejecutivo'], ['también', 'además'],
  ['a déclaré', 'a affirmé'], ['plus de', 'au-delà de'], ['aussi', 'également'],
];
const FILLERS = ['also', 'now', 'auch', 'nun', 'jetzt', 'ya', 'still', 'dabei'];

function swapSynonyms(s: string, r: Rand, p: number): string {
  let out = s;
  for (const [a, b] of SYNONYMS) {
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const re = new RegExp(`\\b${from}\\b`, 'g');
      if (re.test(out) && r() < p) out = out.replace(re, to);
    }
  }
  return out;
}

/** Reformats numbers the way another desk would: thousands separators, decimal comma, "%" vs the word. */
function reformatNumbers(s: string, r: Rand): string {
  return s
    .replace(/\b(\d{1,3})[,.](\d{3})\b/g, (_m, a: string, b: string) => (r() < 0.5 ? `${a}${b}` : `${a} ${b}`))
    .replace(/\b(\d{4,})\b/g, (m: string) => (r() < 0.7 ? Number(m).toLocaleString('en-US') : m))
    .replace(/\b(\d+)\.(\d+)\b/g, '$1,$2')
    .replace(/\s?(percent|per cent|Prozent|por ciento|pour cent)\b/g, '%')
    .replace(/\b(\d+) ?%/g, (_m, n: string) => (r() < 0.5 ? `${n} percent` : `${n}%`));
}

const SENTENCE_END = /(?<=[.!?…])\s+(?=["„«“]?\p{Lu})/u;
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const uncap = (s: string): string => (/^\p{Lu}\p{Ll}/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** Moves the first clause of a sentence to its end: "A, B." → "B, a." (a typical re-lede). */
function reorderClauses(sentence: string): string {
  const parts = sentence.replace(/[.!?…]$/, '').split(/, /);
  if (parts.length < 2) return sentence;
  const [first, ...rest] = parts as [string, ...string[]];
  return `${cap(rest.join(', '))}, ${uncap(first)}.`;
}

/** The index of the lead: the first of the first three paragraphs with at least 15 words. */
export function leadIndex(ps: readonly string[]): number {
  const i = ps.slice(0, 3).findIndex((p) => words(p) >= 15);
  return i < 0 ? 0 : i;
}

/** Splits a lead paragraph into the lead proper (its first sentences, at least 40 words when it has them) and the rest. */
export function splitLead(paragraph: string): [string, string] {
  const sentences = paragraph.split(SENTENCE_END);
  let n = 0;
  let i = 0;
  while (i < sentences.length && n < 40) n += words(sentences[i++] ?? '');
  return [sentences.slice(0, i).join(' '), sentences.slice(i).join(' ')];
}

/** A paraphrase of a lead paragraph: clauses reordered, synonyms swapped, numbers reformatted, maybe a sentence dropped. */
export function paraphrase(lead: string, r: Rand): string {
  let sentences = lead.split(SENTENCE_END);
  if (sentences.length > 2 && r() < 0.5) sentences = sentences.slice(0, -1);
  const rewritten = sentences.map((s) => reorderClauses(swapSynonyms(reformatNumbers(s, r), r, 0.8)));
  return rewritten.join(' ');
}

/** New furniture at both ends; short existing end lines (bylines, credits) removed half of the time. */
export function furniture(text: string, r: Rand): string {
  let ps = paragraphs(text);
  if (ps.length > 2 && words(ps[0] ?? '') < 12 && r() < 0.5) ps = ps.slice(1);
  if (ps.length > 2 && words(ps.at(-1) ?? '') < 12 && r() < 0.5) ps = ps.slice(0, -1);
  const top = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, TOP));
  const bottom = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, BOTTOM));
  return join([...new Set(top), ...ps, ...new Set(bottom)]);
}

/** The lead (first sentences of the lead paragraph, ≥ 40 words; a news lead is the whole paragraph) replaced by a paraphrase. */
export function newLead(text: string, r: Rand): string {
  const ps = paragraphs(text);
  const i = leadIndex(ps);
  const [lead, rest] = splitLead(ps[i] ?? '');
  ps[i] = [paraphrase(lead, r), rest].filter(Boolean).join(' ');
  return join(ps);
}

/** The last 20–50 % of the words cut, at the paragraph end nearest the target, or at a sentence end of the paragraph it falls in when that is nearer; returns the share kept. */
export function trimEnding(text: string, r: Rand): { text: string; kept: number } {
  const ps = paragraphs(text);
  const total = words(text);
  const target = total * (1 - between(r, 0.2, 0.5));
  let before = 0;
  let i = 0;
  while (i < ps.length - 1 && before + words(ps[i] ?? '') < target) before += words(ps[i++] ?? '');
  // Paragraph i holds the target: keep its first sentences up to the target, or all of it / none of it.
  const sentences = (ps[i] ?? '').split(SENTENCE_END);
  const kept: string[] = [];
  let n = before;
  for (const sentence of sentences) {
    if (n >= target || (kept.length > 0 && n + words(sentence) / 2 > target)) break;
    kept.push(sentence);
    n += words(sentence);
  }
  const out = join([...ps.slice(0, i), ...(kept.length > 0 ? [kept.join(' ')] : [])].filter(Boolean));
  const t = out === '' ? (ps[0] ?? '') : out;
  return { text: t, kept: words(t) / Math.max(1, total) };
}

/** An "Update:" line on top (two thirds of the time) or at the end. */
export function updateLine(text: string, r: Rand): string {
  const ps = paragraphs(text);
  const line = pick(r, UPDATES);
  return join(r() < 2 / 3 ? [line, ...ps] : [...ps, line]);
}

/** Light copy-edits: one per 60–150 words, each a synonym/typo substitution, a deleted word or an inserted filler. */
export function copyEdits(text: string, r: Rand): string {
  const ps = paragraphs(text).map((p) => p.split(' '));
  const total = ps.reduce((n, p) => n + p.length, 0);
  const edits = Math.max(1, Math.round(total / between(r, 60, 150)));
  for (let e = 0; e < edits; e++) {
    const p = pick(r, ps);
    if (p.length < 4) continue;
    const i = Math.floor(r() * p.length);
    const w = p[i] ?? '';
    const op = r();
    if (op < 0.4) {
      const swapped = swapSynonyms(w, r, 1);
      p[i] = swapped !== w ? swapped : w.length > 3 ? w.slice(0, 1) + w.slice(2, 3) + w.slice(1, 2) + w.slice(3) : w;
    } else if (op < 0.7) p.splice(i, 1);
    else p.splice(i, 0, pick(r, FILLERS));
  }
  return join(ps.map((p) => p.join(' ')));
}

/** A new headline for a syndicated copy: clauses reordered and synonyms swapped. */
export function retitle(title: string, r: Rand): string {
  const t = swapSynonyms(title, r, 0.8);
  const parts = t.split(/: | – | - /);
  return parts.length > 1 ? parts.reverse().join(': ') : t;
}
