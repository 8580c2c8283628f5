/**
 * Article links of a section front or listing page (sources of `type: html`): from the site's `links` selector when
 * rules give one, otherwise found automatically — links in the main area whose URL and anchor text look like articles,
 * not navigation.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import { cleanUrl, plainText } from '../normalize/index.js';

/** A link found on a listing page. */
export interface ListingLink {
  url: string;
  title: string;
}

/** Options of {@link findArticleLinks}. */
export interface ListingOptions {
  /** CSS selector of the article links (rules.yaml `links`); overrides the automatic search. */
  selector?: string;
  /** Links returned at most, in page order. */
  max?: number;
}

/** Containers whose links are navigation or furniture, never the listing itself. */
const FURNITURE = 'nav, header, footer, aside, form, [role=navigation], [role=banner], [role=contentinfo]';
/** class/id words of furniture blocks (menus, footers, widgets, share bars, comments). */
const NEGATIVE = /(^|[\s_-])(nav|navbar|menu|footer|sidebar|widget|breadcrumb|share|social|comment|cookie|newsletter|subscribe|login|pagination|pager|tags?|trending|popular|most-read|ad|ads|advert|promo|sponsor)([\s_-]|$)/i;
/** Paths that are sections, taxonomies, utilities or files rather than articles. */
const NON_ARTICLE_PATH =
  /\/(tag|tags|category|categories|topic|topics|section|author|authors|page|search|login|register|subscribe|account|about|contact|privacy|terms|feed|rss|newsletter|advertise|archive|archives|video|videos|gallery|events)(\/|$)|\.(jpe?g|png|gif|webp|svg|pdf|xml|rss|zip|mp3|mp4)$/i;

function looksLikeArticlePath(path: string): boolean {
  if (path === '/' || NON_ARTICLE_PATH.test(path)) return false;
  const segments = path.split('/').filter(Boolean);
  const last = segments.at(-1) ?? '';
  if (/\/(19|20)\d{2}[/-](0?[1-9]|1[0-2])([/-]|$)/.test(path)) return true; // /2024/07/… or /2024-07-…
  if (/(^|[^\d])\d{5,}([^\d]|$)/.test(last)) return true; // numeric article ids
  return last.split(/[-_]/).filter((w) => /[a-z]/i.test(w)).length >= 3; // a slug of three words or more
}

function inFurniture($: CheerioAPI, el: Parameters<CheerioAPI>[0]): boolean {
  const $el = $(el);
  if ($el.closest(FURNITURE).length > 0) return true;
  return $el
    .parents()
    .toArray()
    .some((p) => 'attribs' in p && NEGATIVE.test(`${p.attribs.class ?? ''} ${p.attribs.id ?? ''}`));
}

function sameSite(url: URL, base: URL): boolean {
  const strip = (h: string) => h.replace(/^www\./, '');
  const a = strip(url.hostname);
  const b = strip(base.hostname);
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/** Article links of a listing page, deduplicated by cleaned URL, in page order. */
export function findArticleLinks(html: string, pageUrl: string, opts: ListingOptions = {}): ListingLink[] {
  const $ = load(html);
  const baseHref = $('base[href]').attr('href');
  const base = cleanUrl(baseHref ?? pageUrl, pageUrl) ?? pageUrl;
  const baseUrl = new URL(base);
  const max = opts.max ?? 100;
  const anchors = opts.selector ? $(opts.selector).find('a[href]').addBack('a[href]') : $('a[href]');
  const seen = new Map<string, ListingLink>();
  for (const el of anchors.toArray()) {
    const href = $(el).attr('href') ?? '';
    const url = cleanUrl(href, base);
    if (!url || seen.has(url)) continue;
    const parsed = new URL(url);
    const headline = $(el).closest('h1, h2, h3, h4').length > 0 || $(el).find('h1, h2, h3, h4').length > 0;
    const title = plainText($(el).attr('title') || $(el).text());
    if (!opts.selector) {
      if (!sameSite(parsed, baseUrl) || parsed.pathname === baseUrl.pathname) continue;
      if (!looksLikeArticlePath(parsed.pathname)) continue;
      if (inFurniture($, el)) continue;
      // Headline-like anchor text: several words, or the link is (in) a heading.
      if (!headline && title.split(/\s+/).filter(Boolean).length < 4) continue;
    }
    if (title === '' && !opts.selector) continue;
    // A later, better-titled link to the same article (teaser image first, headline second) wins.
    seen.set(url, { url, title });
    if (seen.size >= max) break;
  }
  return [...seen.values()];
}
