/** RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 items (rss-parser records) → raw ArticleDrafts, before normalizeDraft. */
import type { ArticleDraft, Author, Enclosure, ImageRef } from '../model/article.js';
import { parsePerson } from './people.js';
import type { XhtmlParts } from './atom-xhtml.js';
import { resolve } from './xml-feed.js';
import type { XmlRecord } from './xml.js';
import { all, attr, attrsObject, child, int, str, text, textToHtml, type XmlNode } from './xml-nodes.js';

/** A raw draft, the base its link resolves against, and the base of its body when explicit (Atom xml:base). */
export interface RawItem {
  draft: ArticleDraft;
  baseUrl?: string;
  contentBase?: string;
}

/**
 * An Atom text construct (RFC 4287 §3.1; Atom 0.3 `mode`) as HTML: type="text" is escaped so it stays
 * literal, html/escaped is taken as is, xhtml/xml comes serialized from rss-parser (`serialized`).
 */
function atomText(node: XmlNode, serialized: unknown): string | undefined {
  if (all(node).length === 0) return undefined;
  if (attr(node, 'src') !== undefined) return undefined; // out-of-line content (§4.1.3.2): nothing inline
  const type = (attr(node, 'type') ?? 'text').toLowerCase();
  const mode = attr(node, 'mode')?.toLowerCase();
  if (mode === 'base64') return undefined;
  if (type === 'xhtml' || mode === 'xml' || type.endsWith('+xml') || type.endsWith('/xml')) {
    return typeof serialized === 'string' ? serialized : undefined;
  }
  const value = text(node);
  if (value === undefined) return typeof serialized === 'string' ? serialized : undefined;
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return value;
  return type === 'text' || type === 'text/plain' ? textToHtml(value) : undefined;
}

function atomLinks(item: XmlRecord): { alternate?: string; enclosures: Enclosure[] } {
  let alternate: string | undefined;
  let htmlAlternate: string | undefined;
  const enclosures: Enclosure[] = [];
  for (const link of all(item.links)) {
    const href = attr(link, 'href') ?? str(link);
    if (href === undefined) continue;
    const rel = attr(link, 'rel') ?? 'alternate';
    const type = attr(link, 'type');
    if (rel === 'alternate') {
      alternate ??= href;
      if (htmlAlternate === undefined && (type === undefined || /html/i.test(type))) htmlAlternate = href;
    } else if (rel === 'enclosure') {
      const enc: Enclosure = { url: href, type: type ?? '' };
      const length = int(attr(link, 'length'));
      if (length !== undefined) enc.length = length;
      enclosures.push(enc);
    }
  }
  return { alternate: htmlAlternate ?? alternate, enclosures };
}

function atomAuthors(item: XmlRecord): Author[] {
  const out: Author[] = [];
  for (const node of all(item.authors)) {
    const name = str(child(node, 'name')) ?? str(node);
    if (name === undefined) continue;
    const author: Author = { name };
    const email = str(child(node, 'email'));
    const uri = str(child(node, 'uri')) ?? str(child(node, 'url'));
    if (email !== undefined) author.email = email;
    if (uri !== undefined) author.url = uri;
    out.push(author);
  }
  return out;
}

function rssAuthors(item: XmlRecord): Author[] {
  return [...all(item.dcCreators), ...all(item.authors)]
    .map((n) => parsePerson(str(n)))
    .filter((a): a is Author => a !== undefined);
}

function categories(item: XmlRecord): string[] {
  const out: string[] = [];
  for (const node of [...all(item.categoryRaw), ...all(item.dcSubjects)]) {
    const value = attr(node, 'label') ?? attr(node, 'term') ?? str(node);
    if (value !== undefined) out.push(value);
  }
  return out;
}

/** Media RSS (media:content/thumbnail, also inside media:group) → lead image and audio/video enclosures. */
function media(item: XmlRecord): { image?: ImageRef; enclosures: Enclosure[] } {
  const groups = all(item.mediaGroups);
  const contents = [...all(item.mediaContents), ...groups.flatMap((g) => child(g, 'media:content'))];
  const thumbs = [...all(item.mediaThumbnails), ...groups.flatMap((g) => child(g, 'media:thumbnail')), ...contents.flatMap((c) => child(c, 'media:thumbnail'))];
  const enclosures: Enclosure[] = [];
  let image: ImageRef | undefined;
  const asImage = (node: XmlNode): ImageRef | undefined => {
    const url = attr(node, 'url');
    if (url === undefined) return undefined;
    const img: ImageRef = { url };
    const width = int(attr(node, 'width'));
    const height = int(attr(node, 'height'));
    if (width !== undefined) img.width = width;
    if (height !== undefined) img.height = height;
    return img;
  };
  for (const c of contents) {
    const type = attr(c, 'type') ?? '';
    const medium = attr(c, 'medium') ?? '';
    const url = attr(c, 'url');
    if (url === undefined) continue;
    if (medium === 'image' || type.startsWith('image/') || (type === '' && medium === '' && /\.(jpe?g|png|gif|webp|avif)(\?|$)/i.test(url))) {
      image ??= asImage(c);
    } else if (type !== '' || medium === 'video' || medium === 'audio') {
      const enc: Enclosure = { url, type: type || `${medium}/*` };
      const length = int(attr(c, 'fileSize'));
      if (length !== undefined) enc.length = length;
      enclosures.push(enc);
    }
  }
  for (const t of thumbs) image ??= asImage(t);
  return image === undefined ? { enclosures } : { image, enclosures };
}

function rssEnclosures(item: XmlRecord): Enclosure[] {
  const out: Enclosure[] = [];
  for (const node of all(item.enclosures)) {
    const url = attr(node, 'url');
    if (url === undefined) continue;
    const enc: Enclosure = { url, type: attr(node, 'type') ?? '' };
    const length = int(attr(node, 'length'));
    if (length !== undefined) enc.length = length;
    out.push(enc);
  }
  return out;
}

/** The item's link: feedburner:origLink (the real article behind FeedBurner's redirect) wins. */
function rssLink(item: XmlRecord): string | undefined {
  const origLink = str(item.origLink);
  if (origLink !== undefined) return origLink;
  const link = all(item.links).map((l) => str(l) ?? attr(l, 'href')).find((l) => l !== undefined);
  if (link !== undefined) return link;
  // RSS 2.0: a guid is a permalink unless isPermaLink="false".
  const guid = str(item.guidRaw);
  if (guid !== undefined && attr(item.guidRaw, 'isPermaLink')?.trim().toLowerCase() !== 'false' && /^https?:\/\//i.test(guid)) return guid;
  // RSS 1.0: rdf:about is the item's URI.
  return typeof item['rdf:about'] === 'string' ? item['rdf:about'] : undefined;
}

/** One rss-parser item → raw draft. `base` is where the document's relative links resolve. */
export function xmlItem(item: XmlRecord, atom: boolean, base: string | undefined, feedLanguage: string | undefined, xhtml: XhtmlParts = {}): RawItem {
  const itemAttrs = attrsObject(item.attrs);
  const entryBase = itemAttrs['xml:base'] !== undefined ? (resolve(itemAttrs['xml:base'], base) ?? base) : base;
  const links = atom ? atomLinks(item) : { alternate: rssLink(item), enclosures: [] };
  const m = media(item);
  const title = xhtml.title ?? text(item.titleRaw) ?? (typeof item.title === 'string' ? item.title : '');
  const draft: ArticleDraft = {
    title,
    authors: atom ? atomAuthors(item) : rssAuthors(item),
    categories: categories(item),
    enclosures: [...rssEnclosures(item), ...links.enclosures, ...m.enclosures],
    wordCount: 0,
  };
  const origLink = str(item.origLink);
  const link = origLink ?? links.alternate;
  if (link !== undefined) draft.url = link;
  const guid = atom ? (str(item.id) ?? str(item.guidRaw)) : (str(item.guidRaw) ?? str(item.id));
  if (guid !== undefined) draft.guid = guid;
  // An Atom id that is an http(s) IRI is the best link an entry without <link> has (RSS: see rssLink).
  if (atom && draft.url === undefined && guid !== undefined && /^https?:\/\//i.test(guid)) draft.url = guid;

  let contentBase: string | undefined;
  if (atom) {
    const content = xhtml.content ?? atomText(item.contentRaw, item.content);
    const summary = xhtml.summary ?? atomText(item.summaryRaw, item.summary);
    const contentXmlBase = attr(item.contentRaw, 'xml:base');
    contentBase = contentXmlBase !== undefined ? resolve(contentXmlBase, entryBase) : entryBase !== undefined && entryBase !== base ? entryBase : undefined;
    if (content !== undefined) draft.contentHtml = content;
    if (summary !== undefined) draft.summary = summary;
    const published = str(item.published) ?? str(item.issued) ?? str(item.created);
    const updated = str(item.updated) ?? str(item.modified);
    if (published ?? updated) draft.publishedAt = published ?? updated;
    if (updated !== undefined) draft.updatedAt = updated;
  } else {
    const encoded = str(item.contentEncoded);
    const description = typeof item.content === 'string' && item.content.trim() !== '' ? item.content : undefined;
    draft.contentHtml = encoded ?? description;
    if (encoded !== undefined && description !== undefined) draft.summary = description;
    const published = str(item.pubDate) ?? str(item.dcDate) ?? str(item.published);
    if (published !== undefined) draft.publishedAt = published;
    const updated = str(item.atomUpdated) ?? str(item.updated);
    if (updated !== undefined) draft.updatedAt = updated;
  }
  const language = str(item.dcLanguage) ?? itemAttrs['xml:lang'] ?? feedLanguage;
  if (language !== undefined) draft.language = language;
  if (m.image !== undefined) draft.image = m.image;
  else {
    const imageEnclosure = draft.enclosures.find((e) => e.type.startsWith('image/'));
    if (imageEnclosure !== undefined) draft.image = { url: imageEnclosure.url };
  }
  const raw: RawItem = { draft };
  if (entryBase !== undefined) raw.baseUrl = entryBase;
  if (contentBase !== undefined) raw.contentBase = contentBase;
  return raw;
}
