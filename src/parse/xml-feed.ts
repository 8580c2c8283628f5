/** Channel-level metadata of RSS/Atom documents (FeedInfo) and the base URLs items resolve against. */
import type { Author, ImageRef } from '../model/article.js';
import type { FeedFormat, FeedInfo } from '../model/parsed.js';
import { cleanUrl, normalizeLanguage, plainText, toIsoDate } from '../normalize/index.js';
import { parsePerson } from './people.js';
import type { XmlRecord } from './xml.js';
import { child, int, str } from './xml-nodes.js';

/** Minutes per sy:updatePeriod (RSS 1.0 Syndication module). */
const PERIOD_MINUTES: Readonly<Record<string, number>> = { hourly: 60, daily: 1440, weekly: 10080, monthly: 43200, yearly: 525600 };

/** Where links of a document resolve: Atom xml:base on the root (RFC 4287 §2, XML Base), else the document URL. */
export function documentBase(rootAttrs: Record<string, string>, feedUrl: string | undefined): string | undefined {
  const xmlBase = rootAttrs['xml:base'];
  if (xmlBase === undefined) return feedUrl;
  return resolve(xmlBase, feedUrl) ?? feedUrl;
}

/** Resolves a reference against a base, keeping only http(s); no tracking-parameter cleanup (a base, not a link). */
export function resolve(ref: string, base: string | undefined): string | undefined {
  try {
    const url = base === undefined ? new URL(ref.trim()) : new URL(ref.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** RSS <ttl>, or the period implied by sy:updatePeriod / sy:updateFrequency. */
function ttlMinutes(feed: XmlRecord): number | undefined {
  const ttl = int(str(feed.ttl));
  if (ttl !== undefined) return ttl;
  const period = str(feed['sy:updatePeriod'])?.toLowerCase();
  const minutes = period === undefined ? undefined : PERIOD_MINUTES[period];
  if (minutes === undefined) return undefined;
  return Math.max(1, Math.round(minutes / (int(str(feed['sy:updateFrequency'])) ?? 1)));
}

function feedImage(feed: XmlRecord, base: string | undefined): ImageRef | undefined {
  const rssImage = feed.image;
  if (typeof rssImage === 'object' && rssImage !== null && !Array.isArray(rssImage)) {
    const img = rssImage as Record<string, unknown>;
    const url = typeof img.url === 'string' ? cleanUrl(img.url, base) : undefined;
    if (url !== undefined) {
      const out: ImageRef = { url };
      const title = typeof img.title === 'string' ? plainText(img.title) : '';
      if (title !== '') out.alt = title;
      const width = int(str(img.width));
      const height = int(str(img.height));
      if (width !== undefined) out.width = width;
      if (height !== undefined) out.height = height;
      return out;
    }
  }
  const logo = str(feed.logo) ?? str(feed.icon);
  const url = logo === undefined ? undefined : cleanUrl(logo, base);
  return url === undefined ? undefined : { url };
}

function feedAuthors(feed: XmlRecord, atom: boolean): Author[] {
  if (atom) {
    const name = str(child(feed.author, 'name'));
    if (name === undefined) return [];
    const author: Author = { name: plainText(name) };
    const email = str(child(feed.author, 'email'));
    const uri = str(child(feed.author, 'uri'));
    if (email !== undefined) author.email = email;
    if (uri !== undefined) {
      const url = cleanUrl(uri);
      if (url !== undefined) author.url = url;
    }
    return [author];
  }
  const person = parsePerson(str(feed.managingEditor) ?? str(feed['dc:creator']) ?? str(feed.creator));
  return person === undefined ? [] : [{ ...person, name: plainText(person.name) }];
}

/** FeedInfo of an RSS/Atom document; `base` is where its relative links resolve. */
export function xmlFeedInfo(feed: XmlRecord, format: FeedFormat, rootAttrs: Record<string, string>, base: string | undefined): FeedInfo {
  const atom = format.startsWith('atom');
  const info: FeedInfo = { authors: feedAuthors(feed, atom) };
  const title = typeof feed.title === 'string' ? plainText(feed.title) : '';
  if (title !== '') info.title = title;
  const link = str(feed.link);
  const linkUrl = link === undefined ? undefined : cleanUrl(link, base);
  if (linkUrl !== undefined) info.link = linkUrl;
  const description = plainText(str(feed.description) ?? str(feed.subtitle) ?? str(feed.tagline) ?? '');
  if (description !== '') info.description = description;
  const language = normalizeLanguage(str(feed.language) ?? str(feed['dc:language']) ?? rootAttrs['xml:lang']);
  if (language !== undefined) info.language = language;
  const updated = [feed.lastBuildDate, feed.updated, feed.modified, feed['dc:date'], feed.pubDate]
    .map((v) => toIsoDate(str(v)))
    .find((v) => v !== undefined);
  if (updated !== undefined) info.updatedAt = updated;
  const image = feedImage(feed, base);
  if (image !== undefined) info.image = image;
  const ttl = ttlMinutes(feed);
  if (ttl !== undefined) info.ttlMinutes = ttl;
  return info;
}
