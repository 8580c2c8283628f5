/** Page metadata from JSON-LD, OpenGraph/Twitter/meta, microdata and bylines (best evidence first). */
import type { Element } from 'domhandler';
import type { Author, ImageRef } from '../model/article.js';
import { cleanTitle, cleanUrl } from '../normalize/index.js';
import { parseAuthors } from './authors.js';
import { inArticleContext, isFurniture } from './context.js';
import { closest, collapse, textOf } from './dom.js';
import { hintTokens } from './hints.js';
import { firstMeta, type Inventory } from './inventory.js';
import type { JsonLdArticle } from './jsonld.js';

/** Metadata of one page, before normalization. */
export interface PageMeta {
  title?: string;
  authors: Author[];
  siteName?: string;
  url?: string;
  language?: string;
  image?: ImageRef;
  description?: string;
  categories: string[];
}

const norm = (s: string): string => collapse(s).toLowerCase().replace(/[“”„"«»]/g, '"').replace(/[‘’]/g, "'").replace(/[–—]/g, '-');

/** Parts of a `<title>`-like string split at the separators sites put around their name. */
function segments(title: string): string[] {
  return title.split(/\s+[|\-–—·•»›:]+\s+|\s*::\s*/).map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * Title, best evidence first: a visible heading (h1, then h2/h3 and title-classed elements) that one of the
 * metadata titles (JSON-LD headline, og:title, twitter:title, <title>) confirms, exactly or as one of its
 * separator-delimited parts; else the metadata title without its site part; else the headline alone.
 */
export function pickTitle(inv: Inventory, ld: JsonLdArticle | undefined, headline: Element | undefined, siteName: string | undefined): string | undefined {
  const metaTitles = [ld?.headline, firstMeta(inv, ['og:title'])?.value, firstMeta(inv, ['twitter:title'])?.value, firstMeta(inv, ['dc.title', 'parsely-title', 'sailthru.title', 'title'])?.value, inv.title]
    .filter((t): t is string => t !== undefined && t.trim() !== '');
  const normMeta = metaTitles.map(norm);
  const normParts = new Set(metaTitles.flatMap((t) => segments(t).map(norm)));
  const headings = headline ? [headline, ...inv.headings.filter((h) => h !== headline)] : inv.headings;
  // Logo headings in the page header repeat the site name, which is also a part of <title>: skip furniture.
  const texts = headings
    .slice(0, 80)
    .filter((h) => h === headline || inArticleContext(h, undefined) || !closest(h, isFurniture))
    .map((h) => textOf(h))
    .filter((t) => t.length >= 2 && t.length <= 300);
  const exact = texts.find((t) => normMeta.includes(norm(t)));
  if (exact !== undefined) return exact;
  const parts = texts.filter((t) => normParts.has(norm(t)) && (siteName === undefined || norm(t) !== norm(siteName)));
  const part = parts.sort((a, b) => b.length - a.length)[0];
  if (part !== undefined) return part;
  const h = headline ? textOf(headline) : undefined;
  if (h && normMeta.some((t) => t.includes(norm(h)))) return h;
  // A heading inside a metadata title that adds a kicker or a site ("Klimaschutz: Bohren, bis es heiß wird").
  const inside = texts.find((t) => t.length >= 15 && t.split(/\s+/).length >= 3 && normMeta.some((m) => m.includes(norm(t))));
  if (inside !== undefined) return inside;
  const best = metaTitles[0];
  if (best !== undefined) return cleanTitle(best, siteName);
  return h;
}

// Meta names for authors; URLs (article:author is often a profile URL) are dropped by parseAuthors.
const AUTHOR_META = ['author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'byl', 'citation_author', 'twitter:creator:name'];

/** Authors: JSON-LD author, then meta, then microdata itemprop=author, then byline elements near the headline. */
export function pickAuthors(inv: Inventory, ld: JsonLdArticle | undefined, headline: Element | undefined, publisher: readonly string[] = []): Author[] {
  // Outside JSON-LD, a "name" equal to the site's name or domain is the publisher signing, not a person.
  const keys = new Set(publisher.map(squashKey).filter((k) => k.length > 0));
  const people = (list: Author[]): Author[] => list.filter((a) => !keys.has(squashKey(a.name)));
  return fromLd(ld) ?? people(fromMarkup(inv, headline));
}

function squashKey(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function fromLd(ld: JsonLdArticle | undefined): Author[] | undefined {
  if (ld && ld.authors.length > 0) {
    const names = parseAuthors(ld.authors.map((a) => a.name), false);
    if (names.length > 0) {
      return names.map((name) => {
        const url = ld.authors.find((a) => a.name.includes(name))?.url;
        return url ? { name, url } : { name };
      });
    }
  }
  return undefined;
}

function fromMarkup(inv: Inventory, headline: Element | undefined): Author[] {
  for (const key of AUTHOR_META) {
    const values = (inv.meta.get(key) ?? []).filter((v) => !/^(?:https?:)?\/\//.test(v));
    const names = parseAuthors(values);
    if (names.length > 0) return names.map((name) => ({ name }));
  }
  const micro = inv.itemprops.filter((el) => /\bauthor\b|\bcreator\b/i.test(el.attribs.itemprop ?? ''));
  for (const el of micro) {
    const nameEl = findDescendant(el, (d) => (d.attribs.itemprop ?? '').toLowerCase() === 'name');
    const raw = nameEl ? (nameEl.attribs.content ?? textOf(nameEl)) : (el.attribs.content ?? textOf(el));
    const names = parseAuthors([raw]);
    if (names.length > 0) return names.map((name) => ({ name }));
  }
  return bylineAuthors(inv, headline);
}

// Profile URLs of authors in the common CMSes (WordPress /author/, Drupal /user/, newsroom /autoren/).
const AUTHOR_HREF = /\/(?:author|authors|autor|autoren|auteur|autore|journalist|journalisten|writers?|profile|people|staff|redaktion\/team)\/[^/?#]+\/?(?:[?#].*)?$/i;

const BYLINE_TOKENS = new Set(['byline', 'author', 'authors', 'autor', 'auteur', 'writer', 'by', 'creator', 'reporter']);

function bylineAuthors(inv: Inventory, headline: Element | undefined): Author[] {
  const candidates = inv.elements.filter(
    (el) =>
      (el.name === 'a' && (/\bauthor\b/i.test(el.attribs.rel ?? '') || AUTHOR_HREF.test(el.attribs.href ?? ''))) ||
      hintTokens(el).some((t) => BYLINE_TOKENS.has(t)),
  );
  for (const el of candidates) {
    if (/\b(?:box|bio|description|avatar|info)\b/i.test(el.attribs.class ?? '')) continue;
    const text = textOf(el);
    if (text.length < 3 || text.length > 120) continue;
    if (!inArticleContext(el, headline)) continue;
    const names = parseAuthors([text]);
    if (names.length === 0) continue;
    const link = el.name === 'a' ? el : findDescendant(el, (d) => d.name === 'a');
    const href = link?.attribs.href;
    return names.map((name, i) => (i === 0 && href && names.length === 1 ? { name, url: href } : { name }));
  }
  return [];
}

function findDescendant(el: Element, pred: (d: Element) => boolean): Element | undefined {
  for (const c of el.children) {
    if (c.type !== 'tag') continue;
    if (pred(c)) return c;
    const hit = findDescendant(c, pred);
    if (hit) return hit;
  }
  return undefined;
}

/** Canonical URL: rel=canonical, og:url, JSON-LD url, then the fetched URL; a canonical pointing at the site root is ignored. */
export function pickUrl(inv: Inventory, ld: JsonLdArticle | undefined, pageUrl: string | undefined): string | undefined {
  const candidates = [inv.links.get('canonical')?.[0], firstMeta(inv, ['og:url'])?.value, ld?.url, pageUrl];
  for (const c of candidates) {
    if (!c) continue;
    const u = cleanUrl(c, pageUrl);
    if (!u) continue;
    if (pageUrl && new URL(u).pathname === '/' && new URL(pageUrl, u).pathname !== '/') continue;
    return u;
  }
  return undefined;
}

/** Everything but title/authors/dates: site name, language, lead image, description, categories. */
export function pickOther(inv: Inventory, ld: JsonLdArticle | undefined): Omit<PageMeta, 'title' | 'authors' | 'url'> {
  const out: Omit<PageMeta, 'title' | 'authors' | 'url'> = { categories: [] };
  const site = firstMeta(inv, ['og:site_name', 'application-name', 'apple-mobile-web-app-title'])?.value ?? ld?.publisherName ?? ld?.siteName;
  if (site) out.siteName = collapse(site);
  const lang = inv.lang ?? firstMeta(inv, ['og:locale', 'content-language', 'language', 'dc.language'])?.value ?? ld?.language;
  if (lang) out.language = lang.split(/[,;]/)[0]?.trim().replace(/_/g, '-');
  const og = firstMeta(inv, ['og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src', 'thumbnailurl']);
  if (og) {
    const img: ImageRef = { url: og.value };
    const w = Number(firstMeta(inv, ['og:image:width'])?.value);
    const h = Number(firstMeta(inv, ['og:image:height'])?.value);
    const alt = firstMeta(inv, ['og:image:alt', 'twitter:image:alt'])?.value;
    if (w > 0) img.width = w;
    if (h > 0) img.height = h;
    if (alt) img.alt = alt;
    out.image = img;
  } else if (ld?.image) out.image = ld.image;
  const desc = firstMeta(inv, ['og:description', 'description', 'twitter:description', 'dc.description'])?.value ?? ld?.description;
  if (desc) out.description = desc;
  const sections = [...(inv.meta.get('article:section') ?? []), ...(ld?.sections ?? []), ...(inv.meta.get('article:tag') ?? [])];
  out.categories = sections.map(collapse).filter((s) => s !== '' && s.length < 80);
  return out;
}
