/**
 * Feed autodiscovery from a site URL: the URL itself when it is a feed, else the page's
 * `<link rel="alternate" type="application/rss+xml|atom+xml|feed+json|json">` (RSS Autodiscovery, the WHATWG
 * "alternate" link type), else the common feed paths of the site probed in order. Fetches go through the project's
 * fetcher (SSRF guard, size and time limits).
 */
import * as cheerio from 'cheerio';
import { DEFAULT_ACCEPT, decodeText, type Fetcher, type FetchResponse } from '../fetch/index.js';
import { FeedmillError } from '../model/errors.js';
import type { FeedFormat } from '../model/parsed.js';
import { parseFeed } from '../parse/index.js';
import { SourceOpError } from './errors.js';

/** A feed found for a site. */
export interface FeedCandidate {
  url: string;
  /** rss (RSS 0.9x/1.0/2.0), atom or json (JSON Feed). */
  type: 'rss' | 'atom' | 'json';
  title: string | null;
}

/** Paths probed, in order, when a page names no feed (WordPress, Hugo, Jekyll, Ghost… defaults). */
export const COMMON_FEED_PATHS = ['/feed', '/rss', '/rss.xml', '/atom.xml', '/feed.xml', '/index.xml', '/feed.json'] as const;

const LINK_TYPES: Record<string, FeedCandidate['type']> = {
  'application/rss+xml': 'rss',
  'application/rdf+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/feed+json': 'json',
  'application/json': 'json',
};

function kindOf(format: FeedFormat): FeedCandidate['type'] {
  if (format.startsWith('atom')) return 'atom';
  return format.startsWith('json') ? 'json' : 'rss';
}

/** The feed links a page announces, resolved against its base URL (first wins on duplicates). */
export function feedLinks(html: string, pageUrl: string): FeedCandidate[] {
  const $ = cheerio.load(html);
  let base = pageUrl;
  const baseHref = $('base[href]').first().attr('href');
  if (baseHref && URL.canParse(baseHref, pageUrl)) base = new URL(baseHref, pageUrl).href;
  const seen = new Set<string>();
  const out: FeedCandidate[] = [];
  $('link[rel][href]').each((_, el) => {
    const rel = ($(el).attr('rel') ?? '').toLowerCase().split(/\s+/);
    const type = LINK_TYPES[($(el).attr('type') ?? '').toLowerCase().split(';')[0]!.trim()];
    const href = $(el).attr('href') ?? '';
    if (!rel.includes('alternate') || !type || !URL.canParse(href, base)) return;
    const url = new URL(href, base).href;
    if (!/^https?:/i.test(url) || seen.has(url)) return;
    seen.add(url);
    out.push({ url, type, title: $(el).attr('title')?.trim() || null });
  });
  return out;
}

/** The response as a feed candidate, or undefined when it does not parse as a feed. */
async function asFeed(url: string, res: FetchResponse): Promise<FeedCandidate | undefined> {
  if (/html/i.test(res.contentType ?? '')) return undefined;
  try {
    const parsed = await parseFeed(res.body, { url: res.url, ...(res.contentType ? { contentType: res.contentType } : {}), maxItems: 1 });
    return { url, type: kindOf(parsed.format), title: parsed.feed.title?.trim() || null };
  } catch (err) {
    if (err instanceof FeedmillError) return undefined;
    throw err;
  }
}

async function tryFetch(fetcher: Fetcher, url: string): Promise<FetchResponse | undefined> {
  try {
    return await fetcher.fetch(url, { accept: DEFAULT_ACCEPT });
  } catch (err) {
    if (err instanceof FeedmillError) return undefined;
    throw err;
  }
}

/** Feeds of the site at `url` (the first is the best guess); throws DISCOVERY_FAILED when none is found. */
export async function discoverFeeds(url: string, fetcher: Fetcher): Promise<FeedCandidate[]> {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new SourceOpError('BAD_REQUEST', 'url: must be an absolute http(s) URL');
  let res: FetchResponse;
  try {
    res = await fetcher.fetch(url, { accept: DEFAULT_ACCEPT });
  } catch (err) {
    if (!(err instanceof FeedmillError)) throw err;
    throw new SourceOpError('DISCOVERY_FAILED', `${url}: ${err.message} [${err.code}]`);
  }
  // A 301/308 moved the feed for good: keep the new address; otherwise the URL the operator gave.
  const self = await asFeed(res.permanentUrl ?? url, res);
  if (self) return [self];
  const links = feedLinks(decodeText(res.body, res.contentType), res.url);
  if (links.length > 0) return links;
  for (const path of COMMON_FEED_PATHS) {
    const probe = new URL(path, res.url).href;
    const got = await tryFetch(fetcher, probe);
    const feed = got && (await asFeed(got.permanentUrl ?? probe, got));
    if (feed) return [feed];
  }
  throw new SourceOpError('DISCOVERY_FAILED', `${url}: no feed found (no <link rel="alternate"> feed link, none of ${COMMON_FEED_PATHS.join(' ')})`);
}
