/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification). The `feed` package writes the channel; items are
 * written here and spliced in, because its item writer has gaps the W3C Feed Validator reports:
 * name-only `<author>` (RSS wants an e-mail), several `<author>`s, guid always isPermaLink="false", enclosure
 * type guessed from the URL and length 0, one enclosure only, "Invalid Date" for bad dates, `]]>` split only
 * once in CDATA, and `&amp;` un-escaped in text. `feed` types stay in this file.
 */
import { Feed } from 'feed';
import { FeedmillError } from '../model/errors.js';
import { rfc822 } from './dates.js';
import type { FeedMeta, RenderItem } from './items.js';
import {
  cdata,
  DESCRIPTION_TOKEN,
  escapeHtml,
  escapeXmlAttr,
  escapeXmlText,
  fillToken,
  forXmlJs,
  oneLine,
  TITLE_TOKEN,
} from './text.js';
import { hasDottedHost } from './urls.js';

/** Namespaces our items use: content:encoded, dc:creator/dc:language, media:content/media:thumbnail. */
const NAMESPACES =
  ' xmlns:content="http://purl.org/rss/1.0/modules/content/"' +
  ' xmlns:dc="http://purl.org/dc/elements/1.1/"' +
  ' xmlns:media="http://search.yahoo.com/mrss/"';

/** Our extension namespace (feedmill:alsoAt), declared only on documents that use it. */
const FEEDMILL_NS = ' xmlns:feedmill="https://feedmill.dev/ns/1.0"';

const ITEM_INDENT = '        ';
const CHILD_INDENT = '            ';

function attrs(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter((kv): kv is [string, string | number] => kv[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');
}

/**
 * Authors: one author with an e-mail → `<author>email (Name)</author>` (RSS 2.0 wants an e-mail there);
 * otherwise every author as `<dc:creator>` (the RSS Best Practices Profile's advice for names without
 * e-mail and for several authors). Never both: the validator flags that as duplicate semantics.
 */
function authorLines(item: RenderItem): string[] {
  const [only, ...rest] = item.authors;
  if (only?.email !== undefined && rest.length === 0 && !/[()]/.test(only.name)) {
    return [`<author>${escapeXmlText(`${only.email} (${only.name})`)}</author>`];
  }
  return item.authors.map((a) => `<dc:creator>${escapeXmlText(a.name)}</dc:creator>`);
}

/**
 * Media: RSS allows one `<enclosure>` and it must have a positive length and a domain host, so the first
 * enclosure that qualifies goes there and every other one becomes a Media RSS `<media:content>`. The lead
 * image is a `<media:thumbnail>`, not an enclosure.
 */
function mediaLines(item: RenderItem): string[] {
  const lines: string[] = [];
  const main = item.enclosures.find((e) => e.length !== undefined && hasDottedHost(e.url));
  if (main !== undefined) lines.push(`<enclosure${attrs({ url: main.url, length: main.length, type: main.type })}/>`);
  for (const e of item.enclosures) {
    if (e !== main) lines.push(`<media:content${attrs({ url: e.url, type: e.type, fileSize: e.length })}/>`);
  }
  if (item.image !== undefined) {
    const { url, width, height } = item.image;
    lines.push(`<media:thumbnail${attrs({ url, width, height })}/>`);
  }
  return lines;
}

function itemXml(item: RenderItem, meta: FeedMeta): string {
  const lines: string[] = [`<title>${escapeXmlText(item.title)}</title>`];
  if (item.url !== undefined) lines.push(`<link>${escapeXmlAttr(item.url)}</link>`);
  const guid = item.guidIsPermaLink ? escapeXmlAttr(item.guid) : escapeXmlText(item.guid);
  lines.push(`<guid isPermaLink="${String(item.guidIsPermaLink)}">${guid}</guid>`);
  lines.push(`<pubDate>${rfc822(item.date)}</pubDate>`);
  // Every item gets a description, before content:encoded (RSS Profile "NeedDescriptionBeforeContent").
  lines.push(`<description>${cdata(escapeHtml(item.summary || item.title))}</description>`);
  if (item.html !== undefined) lines.push(`<content:encoded>${cdata(item.html)}</content:encoded>`);
  lines.push(...authorLines(item));
  for (const c of item.categories) lines.push(`<category>${escapeXmlText(c)}</category>`);
  lines.push(...mediaLines(item));
  if (item.language !== undefined && item.language.toLowerCase() !== meta.language?.toLowerCase()) {
    lines.push(`<dc:language>${escapeXmlText(item.language)}</dc:language>`);
  }
  // Where else the story ran: RSS 2.0 has no element for it, and namespaced extensions are how RSS grows.
  for (const r of item.related) lines.push(`<feedmill:alsoAt${attrs({ url: r.url, source: r.sourceId, site: r.siteName })}/>`);
  const body = lines.map((l) => `${CHILD_INDENT}${l}`).join('\n');
  return `\n${ITEM_INDENT}<item>\n${body}\n${ITEM_INDENT}</item>`;
}

/** The channel from `feed`: link, lastBuildDate, docs, generator, language, self/hub links; title and description are ours. */
function channelXml(meta: FeedMeta): string {
  const feed = new Feed({
    title: TITLE_TOKEN,
    description: DESCRIPTION_TOKEN,
    link: meta.homeUrl,
    updated: meta.updated,
    generator: forXmlJs(meta.generator),
    ...(meta.language !== undefined ? { language: meta.language } : {}),
    feedLinks: { rss: meta.docUrl('rss') },
    ...(meta.hub !== undefined ? { hub: meta.hub } : {}),
  });
  const xml = fillToken(feed.rss2(), TITLE_TOKEN, escapeXmlText(meta.title));
  return fillToken(xml, DESCRIPTION_TOKEN, escapeXmlText(oneLine(meta.description ?? meta.title)));
}

/**
 * Channel elements the `feed` package does not write as we need them: copyright, the channel image (its
 * title and link repeat the channel's, as the validator wants), and RFC 5005 paging links as atom:link.
 */
function extraChannelXml(meta: FeedMeta): string {
  const lines: string[] = [];
  if (meta.copyright !== undefined) lines.push(`<copyright>${escapeXmlText(meta.copyright)}</copyright>`);
  const image = meta.logo ?? meta.icon;
  if (image !== undefined) {
    lines.push(
      `<image><url>${escapeXmlAttr(image)}</url><title>${escapeXmlText(meta.title)}</title>` +
        `<link>${escapeXmlAttr(meta.homeUrl)}</link></image>`,
    );
  }
  for (const l of meta.pageLinks('rss')) lines.push(`<atom:link${attrs({ href: l.href, rel: l.rel, type: 'application/rss+xml' })}/>`);
  return lines.map((l) => `\n${ITEM_INDENT}${l}`).join('');
}

/** Renders an RSS 2.0 document. */
export function renderRss(meta: FeedMeta, items: readonly RenderItem[]): string {
  const channel = channelXml(meta);
  const root = '<rss version="2.0"';
  const end = channel.lastIndexOf('\n    </channel>');
  if (!channel.includes(root) || end < 0) {
    throw new FeedmillError('publish', 'INTERNAL', 'unexpected RSS skeleton from the feed package');
  }
  const ns = items.some((i) => i.related.length > 0) ? `${NAMESPACES}${FEEDMILL_NS}` : NAMESPACES;
  const withNs = channel.slice(0, end).replace(root, `${root}${ns}`);
  return `${withNs}${extraChannelXml(meta)}${items.map((i) => itemXml(i, meta)).join('')}${channel.slice(end)}\n`;
}
