/**
 * Sitemaps (sources of `type: sitemap`): a urlset (sitemaps.org 0.9) with optional Google News entries
 * (news:title, news:publication_date, news:publication name and language), or a sitemap index pointing at other sitemaps.
 */
import { load } from 'cheerio/slim';
import { FeedmillError } from '../model/errors.js';
import { cleanUrl, plainText, toIsoDate } from '../normalize/index.js';
import { refuseEntityDeclarations } from './detect.js';

/** One URL of a sitemap. */
export interface SitemapEntry {
  url: string;
  title?: string;
  publishedAt?: string;
  lastModified?: string;
  siteName?: string;
  language?: string;
}

/** A parsed sitemap: its entries, or the child sitemaps of an index. */
export interface Sitemap {
  kind: 'urlset' | 'index';
  entries: SitemapEntry[];
  sitemaps: string[];
}

/** Newest entries kept at most: news sitemaps list the last two days, plain ones can list 50,000 URLs. */
const DEFAULT_MAX = 200;

/** Parses a sitemap or sitemap index; entries newest first (by publication date, then lastmod), at most `max`. */
export function parseSitemap(xml: string, pageUrl: string, max = DEFAULT_MAX): Sitemap {
  refuseEntityDeclarations(xml);
  const $ = load(xml, { xml: true });
  const root = $.root().children().first();
  const name = (root.prop('tagName') ?? '').toLowerCase().replace(/^.*:/, '');
  if (name === 'sitemapindex') {
    const sitemaps = $('sitemap > loc')
      .toArray()
      .map((el) => cleanUrl($(el).text().trim(), pageUrl))
      .filter((u): u is string => u !== undefined);
    return { kind: 'index', entries: [], sitemaps };
  }
  if (name !== 'urlset') throw new FeedmillError('parse', 'NOT_A_FEED', 'not a sitemap (no <urlset> or <sitemapindex>)');
  const entries: SitemapEntry[] = [];
  for (const el of $('url').toArray()) {
    const $u = $(el);
    const url = cleanUrl($u.children('loc').first().text().trim(), pageUrl);
    if (!url) continue;
    const news = $u.children('news\\:news, news').first();
    const entry: SitemapEntry = { url };
    const title = plainText(news.find('news\\:title, title').first().text());
    if (title) entry.title = title;
    const published = toIsoDate(news.find('news\\:publication_date, publication_date').first().text().trim() || undefined);
    if (published) entry.publishedAt = published;
    const lastmod = toIsoDate($u.children('lastmod').first().text().trim() || undefined);
    if (lastmod) entry.lastModified = lastmod;
    const pub = news.find('news\\:publication, publication').first();
    const site = plainText(pub.find('news\\:name, name').first().text());
    if (site) entry.siteName = site;
    const lang = pub.find('news\\:language, language').first().text().trim();
    if (lang) entry.language = lang;
    entries.push(entry);
  }
  const time = (e: SitemapEntry) => Date.parse(e.publishedAt ?? e.lastModified ?? '') || 0;
  entries.sort((a, b) => time(b) - time(a));
  return { kind: 'urlset', entries: entries.slice(0, max), sitemaps: [] };
}
