/** schema.org JSON-LD (https://json-ld.org, https://schema.org/NewsArticle) → the article's metadata. */

/** What the page's JSON-LD says about its article. */
export interface JsonLdArticle {
  type: string;
  headline?: string;
  authors: { name: string; url?: string }[];
  datePublished?: string;
  dateModified?: string;
  publisherName?: string;
  image?: { url: string; width?: number; height?: number; alt?: string };
  articleBody?: string;
  description?: string;
  url?: string;
  language?: string;
  sections: string[];
  keywords: string[];
  siteName?: string;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

// Article-like types, best first; schema.org subtypes of Article plus the common non-news ones.
const ARTICLE_TYPES = /^(?:NewsArticle|ReportageNews|AnalysisNewsArticle|OpinionNewsArticle|ReviewNewsArticle|BackgroundNewsArticle|AskPublicNewsArticle|LiveBlogPosting|BlogPosting|Article|TechArticle|ScholarlyArticle|Report|SocialMediaPosting|DiscussionForumPosting|Review|Recipe|HowTo|VideoObject|WebPage|ItemPage|AboutPage)$/;
const PAGE_TYPES = /^(?:WebPage|ItemPage|AboutPage|VideoObject|Recipe|HowTo|Review)$/;

function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: Json | undefined): Json[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

const NAMED: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ', ndash: '–', mdash: '—', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', hellip: '…' };

/** CMSes often put HTML entities inside JSON strings ("O&#8217;Donnell"): decode the common ones. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

function str(v: Json | undefined): string | undefined {
  if (typeof v === 'string') return decodeEntities(v).trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return str(v[0]);
  if (isObj(v)) return str(v['@value'] ?? v.name);
  return undefined;
}

function types(o: Obj): string[] {
  return asArray(o['@type']).map((t) => (typeof t === 'string' ? t.replace(/^.*[/#:]/, '') : ''));
}

/** Parses one script body; tolerates what CMSes emit (CDATA, raw newlines in strings, trailing commas). */
export function parseJsonLd(text: string): Json[] {
  const body = text.replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '').replace(/(?:-->|\/\/\s*]]>|]]>)\s*$/, '').trim();
  if (body === '') return [];
  for (const attempt of [body, body.replace(/[\n\r\t]+/g, ' ').replace(/,\s*([}\]])/g, '$1')]) {
    try {
      return asArray(JSON.parse(attempt) as Json);
    } catch {
      // try the next, more forgiving form
    }
  }
  return [];
}

/** Flattens @graph, arrays, mainEntity and indexes nodes by @id so references can be resolved. */
function collect(roots: Json[]): { nodes: Obj[]; byId: Map<string, Obj> } {
  const nodes: Obj[] = [];
  const byId = new Map<string, Obj>();
  const visit = (v: Json, depth: number): void => {
    if (depth > 6) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    if (!isObj(v)) return;
    nodes.push(v);
    const id = v['@id'];
    if (typeof id === 'string' && Object.keys(v).length > 1) byId.set(id, v);
    for (const k of ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemListElement', 'subjectOf']) {
      const c = v[k];
      if (c !== undefined) visit(c, depth + 1);
    }
  };
  for (const r of roots) visit(r, 0);
  return { nodes, byId };
}

function resolve(v: Json | undefined, byId: Map<string, Obj>): Json | undefined {
  if (isObj(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1) return byId.get(v['@id']) ?? v;
  return v;
}

function people(v: Json | undefined, byId: Map<string, Obj>): { name: string; url?: string }[] {
  const out: { name: string; url?: string }[] = [];
  for (const item of asArray(v)) {
    const r = resolve(item, byId);
    if (typeof r === 'string') out.push({ name: str(r) ?? r });
    else if (isObj(r)) {
      const name = str(r.name) ?? [str(r.givenName), str(r.familyName)].filter(Boolean).join(' ');
      const url = str(r.url) ?? str(r.sameAs);
      if (name) out.push(url ? { name, url } : { name });
    }
  }
  return out;
}

function imageOf(v: Json | undefined, byId: Map<string, Obj>): JsonLdArticle['image'] {
  for (const item of asArray(v)) {
    const r = resolve(item, byId);
    if (typeof r === 'string' && r !== '') return { url: r };
    if (isObj(r)) {
      const url = str(r.url) ?? str(r.contentUrl);
      if (!url) continue;
      const img: NonNullable<JsonLdArticle['image']> = { url };
      const w = Number(str(r.width));
      const h = Number(str(r.height));
      if (Number.isFinite(w) && w > 0) img.width = w;
      if (Number.isFinite(h) && h > 0) img.height = h;
      const alt = str(r.caption) ?? str(r.description);
      if (alt) img.alt = alt;
      return img;
    }
  }
  return undefined;
}

function rank(o: Obj): number {
  const ts = types(o);
  // Any schema.org Article or Posting subtype counts (ReportageNewsArticle, SatiricalArticle, …).
  if (ts.some((t) => (ARTICLE_TYPES.test(t) || /(?:Article|Posting)$/.test(t)) && !PAGE_TYPES.test(t))) return 2;
  if (ts.some((t) => PAGE_TYPES.test(t))) return 1;
  return 0;
}

/** The best article-like node of the given JSON-LD script bodies, with references resolved. */
export function articleFromJsonLd(scripts: readonly string[]): JsonLdArticle | undefined {
  const { nodes, byId } = collect(scripts.flatMap(parseJsonLd));
  let best: Obj | undefined;
  let bestRank = 0;
  for (const n of nodes) {
    const r = rank(n);
    if (r > bestRank) [best, bestRank] = [n, r];
  }
  const website = nodes.find((n) => types(n).includes('WebSite'));
  if (!best) return undefined;
  const publisher = resolve(asArray(best.publisher)[0], byId);
  const res: JsonLdArticle = {
    type: types(best)[0] ?? 'Article',
    authors: people(best.author ?? best.creator, byId),
    sections: asArray(best.articleSection).map((s) => str(s) ?? '').filter(Boolean),
    keywords: asArray(best.keywords).flatMap((k) => (str(k) ?? '').split(',')).map((k) => k.trim()).filter(Boolean),
  };
  const set = <K extends keyof JsonLdArticle>(k: K, v: JsonLdArticle[K] | undefined): void => {
    if (v !== undefined) res[k] = v;
  };
  set('headline', str(best.headline) ?? str(best.name));
  set('datePublished', str(best.datePublished) ?? str(best.dateCreated) ?? str(best.uploadDate));
  set('dateModified', str(best.dateModified));
  set('publisherName', isObj(publisher) ? str(publisher.name) : str(publisher));
  set('image', imageOf(best.image ?? best.thumbnailUrl, byId));
  set('articleBody', str(best.articleBody) ?? str(best.text));
  set('description', str(best.description));
  set('url', str(best.url) ?? (typeof best.mainEntityOfPage === 'string' ? best.mainEntityOfPage : undefined));
  set('language', str(best.inLanguage));
  set('siteName', website ? str(website.name) : undefined);
  return res;
}
