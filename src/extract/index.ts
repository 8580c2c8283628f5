/**
 * extract stage: an HTML (or plain-text) news page → ExtractedArticle (metadata + main content).
 *
 * Metadata, best evidence first (each field falls through to the next source only when empty):
 *   1. JSON-LD (schema.org NewsArticle/Article/BlogPosting/…, also inside @graph, @id references resolved);
 *   2. OpenGraph / Twitter / named meta (og:*, article:published_time, parsely-*, sailthru.*, Dublin Core…);
 *   3. microdata (itemprop=datePublished/author/headline);
 *   4. the page itself near its headline: <time datetime>, a date line under the <h1>, byline elements
 *      (.byline, .author, rel=author, /author/ links) — never page furniture such as a top-bar "today"
 *      widget, which is reported as `headerDate` only;
 *   5. the URL (/2015/04/14/) for the date; <link rel=canonical>, og:url, JSON-LD url for the URL; <html lang>.
 * The title is the visible headline when a metadata title confirms it, else the metadata title without its site
 * part (see metadata.ts). The body comes from per-site rules when given, else the generic extractor
 * (content.ts, score.ts, clean.ts), else JSON-LD articleBody when the visible body is only a shell.
 */
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Document, Element } from 'domhandler';
import type { ArticleDraft } from '../model/article.js';
import { normalizeDraft, toIsoDate } from '../normalize/index.js';
import { parseAuthors } from './authors.js';
import { cleanContent } from './clean.js';
import { findHeadline } from './context.js';
import { chooseContent, pruneFurniture } from './content.js';
import { parseHumanDate } from './dates.js';
import { descendants, textOf } from './dom.js';
import { takeInventory } from './inventory.js';
import { articleFromJsonLd } from './jsonld.js';
import { pickAuthors, pickOther, pickTitle, pickUrl } from './metadata.js';
import { prepare } from './prepare.js';
import { findDates, type DateFinding } from './published.js';
import { applyRemove, selectContent, selectText, selectTexts } from './rules.js';
import { readTextPage } from './text.js';
import type { ExtractedArticle, ExtractOptions, Extraction, SiteRules } from './types.js';

export type { ExtractedArticle, ExtractOptions, Extraction, SiteRules } from './types.js';
export { findRules, rulesFor } from './rules.js';

// htmlparser2 instead of parse5: ~6× faster on real pages (bench/extraction.ts) and tolerant enough for
// extraction; browsers' exact tree repair matters little once furniture is scored away.
const PARSE = { xml: { xmlMode: false, decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true } } as const;

/** Below this many characters the visible body is a teaser or a shell, and a JSON-LD articleBody wins. */
const SHORT_BODY = 250;

/** Extracts one article from an HTML page, or from plain text (`text/plain`, or input without any tag). */
export function extractArticle(input: string, opts: ExtractOptions = {}): ExtractedArticle {
  const isText = /^text\/plain\b/i.test(opts.contentType ?? '') || !/<[a-z!][^>]*>/i.test(input);
  return isText ? extractText(input, opts) : extractHtml(input, opts);
}

function extractText(input: string, opts: ExtractOptions): ExtractedArticle {
  const page = readTextPage(input);
  const escaped = page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const draft: ArticleDraft = {
    title: page.title,
    contentHtml: escaped,
    contentText: page.paragraphs.join('\n\n'),
    authors: page.authors,
    categories: [],
    enclosures: [],
    wordCount: 0,
  };
  if (opts.url) draft.url = opts.url;
  if (page.publishedAt) draft.publishedAt = page.publishedAt;
  if (page.siteName) draft.siteName = page.siteName;
  if (page.siteUrl) draft.siteUrl = page.siteUrl;
  return finish(draft, opts.url, { method: 'text', ...(page.publishedAt ? { dateSource: 'text' } : {}) }, page.headerDate);
}

function extractHtml(input: string, opts: ExtractOptions): ExtractedArticle {
  const notes: string[] = [];
  const rules = opts.rules;
  const $ = load(input, PARSE);
  const doc = $.root()[0] as Document;
  const inv = takeInventory(doc);
  const ld = articleFromJsonLd(inv.jsonLd);
  const metaTitles = [ld?.headline, inv.meta.get('og:title')?.[0], inv.meta.get('twitter:title')?.[0], inv.title].filter((t): t is string => t !== undefined);
  const headline = ruleElement($, rules?.title, notes) ?? findHeadline(inv.h1s, textOf, metaTitles);
  const other = pickOther(inv, ld);
  const ruleTitle = selectText($, rules?.title);
  const title = ruleTitle ?? pickTitle(inv, ld, headline, other.siteName) ?? '';
  const ruleAuthors = parseAuthors(selectTexts($, rules?.author));
  const publisher = [other.siteName ?? '', domainLabel(opts.url)];
  const authors = ruleAuthors.length > 0 ? ruleAuthors.map((name) => ({ name })) : pickAuthors(inv, ld, headline, publisher);
  const dates = ruleDate($, rules) ?? findDates(inv, ld, headline, opts.url);
  const url = pickUrl(inv, ld, opts.url);

  applyRemove($, rules, notes);
  prepare(doc);
  const { html, method } = mainContent($, doc, rules, headline, title, notes);
  const draft: ArticleDraft = {
    title,
    authors,
    categories: other.categories,
    enclosures: [],
    wordCount: 0,
  };
  let extraction: Extraction = { method };
  if (ld?.articleBody && visibleLength(html) < Math.max(SHORT_BODY, ld.articleBody.length / 2) && method !== 'rules') {
    draft.contentHtml = bodyToHtml(ld.articleBody);
    extraction = { method: 'jsonld-body' };
  } else draft.contentHtml = html;
  if (url) draft.url = url;
  if (dates.publishedAt) draft.publishedAt = dates.publishedAt;
  if (dates.updatedAt) draft.updatedAt = dates.updatedAt;
  if (dates.source) extraction.dateSource = dates.source;
  if (other.language) draft.language = other.language;
  if (other.image) draft.image = other.image;
  if (other.description) draft.summary = other.description;
  if (other.siteName) draft.siteName = other.siteName;
  const origin = siteOrigin(url ?? opts.url);
  if (origin) draft.siteUrl = origin;
  if (notes.length > 0) extraction.notes = notes;
  return finish(draft, url ?? opts.url, extraction, dates.headerDate);
}

function mainContent($: CheerioAPI, doc: Document, rules: SiteRules | undefined, headline: Element | undefined, title: string, notes: string[]): { html: string; method: 'rules' | 'generic' } {
  const ruled = selectContent($, rules, notes);
  if (ruled.length > 0) return { html: serialize($, cleanContent(ruled, title)), method: 'rules' };
  const body = descendants(doc).find((el) => el.name === 'body') ?? doc;
  pruneFurniture(body, headline);
  const choice = chooseContent(body);
  return { html: serialize($, cleanContent(choice.nodes, title)), method: 'generic' };
}

function serialize($: CheerioAPI, nodes: AnyNode[]): string {
  return nodes.map((n) => $.html(n)).join('\n');
}

function ruleElement($: CheerioAPI, selector: string | undefined, notes: string[]): Element | undefined {
  if (!selector) return undefined;
  try {
    return $(selector).toArray().find((n): n is Element => n.type === 'tag');
  } catch {
    notes.push(`invalid title selector: ${selector}`);
    return undefined;
  }
}

function ruleDate($: CheerioAPI, rules: SiteRules | undefined): DateFinding | undefined {
  const raw = selectText($, rules?.date, ['datetime', 'content']);
  if (!raw) return undefined;
  const publishedAt = toIsoDate(raw) ?? toIsoDate(parseHumanDate(raw));
  return publishedAt ? { publishedAt, source: 'rules' } : undefined;
}

function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim().length;
}

function bodyToHtml(body: string): string {
  const paras = body.replace(/\r\n?/g, '\n').split(/\n\s*\n|\n/).map((p) => p.trim()).filter(Boolean);
  return paras.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** "example" of www.example.co.uk-style hosts: the label before the public suffix (approximately). */
function domainLabel(url: string | undefined): string {
  if (!url) return '';
  try {
    const labels = new URL(url).hostname.split('.');
    const tail = labels.length >= 3 && /^(?:co|com|org|net|ac|gov)$/.test(labels.at(-2) ?? '') ? 3 : 2;
    return labels.at(-tail) ?? '';
  } catch {
    return '';
  }
}

function siteOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return `${new URL(url).origin}/`;
  } catch {
    return undefined;
  }
}

/** Normalizes (sanitizing last) and attaches how the article was extracted. */
function finish(draft: ArticleDraft, baseUrl: string | undefined, extraction: Extraction, headerDate: string | undefined): ExtractedArticle {
  const normalized = normalizeDraft(draft, baseUrl ? { baseUrl } : {});
  const out: ExtractedArticle = { ...normalized, extraction };
  const hd = headerDate ? toIsoDate(headerDate) : undefined;
  if (hd) out.headerDate = hd;
  return out;
}

