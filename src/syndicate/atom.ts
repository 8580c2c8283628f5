/**
 * Atom 1.0 (RFC 4287). The `feed` package writes the feed head; entries are written here and spliced in,
 * because its entry writer throws on ids that are not URLs and on bad dates, guesses enclosure types from
 * the URL, writes plain-text titles as HTML, puts the lead image in an enclosure, and omits the author an
 * entry needs when the feed has none (RFC 4287 §4.1.2). `feed` types stay in this file.
 */
import { Feed } from 'feed';
import { FeedmillError } from '../model/errors.js';
import { rfc3339 } from './dates.js';
import type { FeedMeta, ItemAuthor, RenderItem } from './items.js';
import {
  cdata,
  DESCRIPTION_TOKEN,
  escapeHtml,
  escapeXmlAttr,
  escapeXmlText,
  forXmlJs,
  TITLE_TOKEN,
} from './text.js';
import { canonicalUri } from './urls.js';

const ENTRY_INDENT = '    ';
const CHILD_INDENT = '        ';

function attrs(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter((kv): kv is [string, string | number] => kv[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');
}

/**
 * A plain-text construct (RFC 4287 §3.1). Written as type="text"; text that contains something like an
 * HTML end tag is written as escaped type="html" instead, so validators do not take it for undeclared markup.
 */
function textConstruct(name: string, text: string): string {
  if (/<\/\w+>/.test(text)) return `<${name} type="html">${escapeXmlText(escapeHtml(text))}</${name}>`;
  return `<${name}>${escapeXmlText(text)}</${name}>`;
}

/** The host of an http(s) URL, naming an outlet whose site name is unknown. */
function hostOf(url: string): string {
  return new URL(url).host;
}

function authorXml(a: ItemAuthor): string {
  const parts = [`<name>${escapeXmlText(a.name)}</name>`];
  if (a.email !== undefined) parts.push(`<email>${escapeXmlText(a.email)}</email>`);
  if (a.url !== undefined) parts.push(`<uri>${escapeXmlAttr(a.url)}</uri>`);
  return `<author>${parts.join('')}</author>`;
}

function entryXml(item: RenderItem, meta: FeedMeta): string {
  const lines: string[] = [textConstruct('title', item.title), `<id>${escapeXmlAttr(item.atomId)}</id>`];
  if (item.url !== undefined) lines.push(`<link${attrs({ rel: 'alternate', type: 'text/html', href: item.url })}/>`);
  // Where else the story ran (RFC 4287 §4.2.7.2 rel="related"), titled with the outlet's name.
  for (const r of item.related) lines.push(`<link${attrs({ rel: 'related', href: r.url, title: r.siteName ?? hostOf(r.url) })}/>`);
  lines.push(`<updated>${rfc3339(item.updated)}</updated>`);
  if (item.published !== undefined) lines.push(`<published>${rfc3339(item.published)}</published>`);
  // The feed has no author of its own, so every entry needs one: fall back to the site, then the feed.
  const authors: ItemAuthor[] = item.authors.length > 0 ? item.authors : [{ name: item.siteName ?? meta.title }];
  lines.push(...authors.map(authorXml));
  for (const c of item.categories) lines.push(`<category${attrs({ term: c })}/>`);
  // An entry needs a summary when it has no content (RFC 4287 §4.1.1.1); the title stands in when there is no text.
  const summary = item.summary || (item.html === undefined ? item.title : '');
  if (summary) lines.push(textConstruct('summary', summary));
  if (item.html !== undefined) lines.push(`<content type="html">${cdata(item.html)}</content>`);
  for (const e of item.enclosures) {
    lines.push(`<link${attrs({ rel: 'enclosure', type: e.type, href: e.url, length: e.length })}/>`);
  }
  if (item.image !== undefined) {
    const { url, width, height } = item.image;
    lines.push(`<media:thumbnail${attrs({ url, width, height })}/>`);
  }
  const lang =
    item.language !== undefined && item.language.toLowerCase() !== meta.language?.toLowerCase()
      ? attrs({ 'xml:lang': item.language })
      : '';
  const body = lines.map((l) => `${CHILD_INDENT}${l}`).join('\n');
  return `\n${ENTRY_INDENT}<entry${lang}>\n${body}\n${ENTRY_INDENT}</entry>`;
}

/** The feed head from `feed` (title and subtitle filled in by us): id, title, updated, generator, alternate/self/hub links, subtitle. */
function headXml(meta: FeedMeta): string {
  const self = meta.selfUrl('atom');
  const feed = new Feed({
    id: canonicalUri(self) ?? self,
    title: TITLE_TOKEN,
    ...(meta.description !== undefined ? { description: DESCRIPTION_TOKEN } : {}),
    link: meta.homeUrl,
    updated: meta.updated,
    generator: forXmlJs(meta.generator),
    feedLinks: { atom: meta.docUrl('atom') },
    ...(meta.hub !== undefined ? { hub: meta.hub } : {}),
  });
  // Title and subtitle are text constructs written by us (the placeholders are whole elements).
  const xml = feed.atom1().replace(`<title>${TITLE_TOKEN}</title>`, () => textConstruct('title', meta.title));
  return xml.replace(`<subtitle>${DESCRIPTION_TOKEN}</subtitle>`, () => textConstruct('subtitle', meta.description ?? ''));
}

/** Head elements the `feed` package does not write: RFC 5005 paging links, icon, logo, rights (RFC 4287 §4.2). */
function extraHeadXml(meta: FeedMeta): string {
  const lines = meta.pageLinks('atom').map((l) => `<link${attrs({ rel: l.rel, href: l.href })}/>`);
  if (meta.icon !== undefined) lines.push(`<icon>${escapeXmlAttr(meta.icon)}</icon>`);
  if (meta.logo !== undefined) lines.push(`<logo>${escapeXmlAttr(meta.logo)}</logo>`);
  if (meta.copyright !== undefined) lines.push(textConstruct('rights', meta.copyright));
  return lines.map((l) => `\n${ENTRY_INDENT}${l}`).join('');
}

/** Renders an Atom 1.0 document. */
export function renderAtom(meta: FeedMeta, items: readonly RenderItem[]): string {
  const head = headXml(meta);
  const root = '<feed xmlns="http://www.w3.org/2005/Atom"';
  const end = head.lastIndexOf('\n</feed>');
  if (!head.includes(root) || end < 0) {
    throw new FeedmillError('publish', 'INTERNAL', 'unexpected Atom skeleton from the feed package');
  }
  // The feed's language goes in xml:lang on the root (RFC 4287 §2, XML 1.0 §2.12).
  const extra = ` xmlns:media="http://search.yahoo.com/mrss/"${meta.language ? attrs({ 'xml:lang': meta.language }) : ''}`;
  const opened = head.slice(0, end).replace(root, `${root}${extra}`);
  return `${opened}${extraHeadXml(meta)}${items.map((i) => entryXml(i, meta)).join('')}${head.slice(end)}\n`;
}
