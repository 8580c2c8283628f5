/** JSON Feed 1.0 / 1.1 adapter (https://www.jsonfeed.org/version/1.1/): document → FeedInfo + raw items. */
import type { ArticleDraft, Author, Enclosure } from '../model/article.js';
import { FeedmillError } from '../model/errors.js';
import type { FeedFormat, FeedInfo } from '../model/parsed.js';
import { cleanUrl, normalizeLanguage, plainText, toIsoDate } from '../normalize/index.js';
import type { RawItem } from './xml-items.js';
import { textToHtml } from './xml-nodes.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** Parses the JSON text; malformed JSON is PARSE_ERROR, JSON that is no JSON Feed is NOT_A_FEED. */
export function readJsonFeed(text: string): { format: FeedFormat; doc: Json } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new FeedmillError('parse', 'PARSE_ERROR', `malformed JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const version = isObject(doc) ? s(doc.version) : undefined;
  const m = version === undefined ? null : /^https?:\/\/jsonfeed\.org\/version\/(1(?:\.1)?)\/?$/i.exec(version.trim());
  if (!isObject(doc) || m === null) throw new FeedmillError('parse', 'NOT_A_FEED', 'not a feed: JSON without a JSON Feed version');
  return { format: m[1] === '1.1' ? 'json-1.1' : 'json-1.0', doc };
}

/** 1.1 `authors` array, else 1.0 `author` object (1.1 readers must still accept it). */
function authors(obj: Json): Author[] {
  const list = Array.isArray(obj.authors) ? obj.authors : isObject(obj.author) ? [obj.author] : [];
  const out: Author[] = [];
  for (const a of list) {
    if (!isObject(a)) continue;
    const name = s(a.name);
    const url = s(a.url);
    // An author with only a URL still credits someone; the URL is the best name there is.
    const author: Author = { name: name ?? url ?? '' };
    if (url !== undefined) author.url = url;
    if (author.name !== '') out.push(author);
  }
  return out;
}

/** FeedInfo of a JSON Feed; `base` resolves relative URLs (the feed URL). */
export function jsonFeedInfo(doc: Json, base: string | undefined): FeedInfo {
  const info: FeedInfo = { authors: authors(doc).map((a) => ({ ...a, name: plainText(a.name) })).filter((a) => a.name !== '') };
  const title = plainText(s(doc.title) ?? '');
  if (title !== '') info.title = title;
  const link = s(doc.home_page_url);
  const linkUrl = link === undefined ? undefined : cleanUrl(link, base);
  if (linkUrl !== undefined) info.link = linkUrl;
  const description = plainText(s(doc.description) ?? '');
  if (description !== '') info.description = description;
  const language = normalizeLanguage(s(doc.language));
  if (language !== undefined) info.language = language;
  const icon = s(doc.icon) ?? s(doc.favicon);
  const iconUrl = icon === undefined ? undefined : cleanUrl(icon, base);
  if (iconUrl !== undefined) info.image = { url: iconUrl };
  // JSON Feed has no feed-level date; the newest item date is what "updated" means for it.
  const dates = (Array.isArray(doc.items) ? doc.items : [])
    .flatMap((it) => (isObject(it) ? [toIsoDate(s(it.date_modified)), toIsoDate(s(it.date_published))] : []))
    .filter((d): d is string => d !== undefined)
    .sort();
  const newest = dates.at(-1);
  if (newest !== undefined) info.updatedAt = newest;
  return info;
}

function attachments(item: Json): Enclosure[] {
  const out: Enclosure[] = [];
  for (const a of Array.isArray(item.attachments) ? item.attachments : []) {
    if (!isObject(a)) continue;
    const url = s(a.url);
    if (url === undefined) continue;
    const enc: Enclosure = { url, type: s(a.mime_type) ?? '' };
    const size = n(a.size_in_bytes);
    if (size !== undefined) enc.length = size;
    out.push(enc);
  }
  return out;
}

/** One JSON Feed item → raw draft; items that are not objects are skipped. */
export function jsonItem(item: unknown, base: string | undefined, feedLanguage: string | undefined, feedAuthors: Author[]): RawItem | undefined {
  if (!isObject(item)) return undefined;
  const itemAuthors = authors(item);
  const draft: ArticleDraft = {
    title: s(item.title) ?? '',
    authors: itemAuthors.length > 0 ? itemAuthors : feedAuthors,
    categories: (Array.isArray(item.tags) ? item.tags : []).filter((t): t is string => typeof t === 'string'),
    enclosures: attachments(item),
    wordCount: 0,
  };
  const url = s(item.url) ?? s(item.external_url);
  if (url !== undefined) draft.url = url;
  const id = s(item.id);
  if (id !== undefined) draft.guid = id;
  const html = s(item.content_html);
  const text = s(item.content_text);
  if (html !== undefined) draft.contentHtml = html;
  else if (text !== undefined) draft.contentHtml = textToHtml(text);
  if (text !== undefined) draft.contentText = text.trim();
  const summary = s(item.summary);
  // `summary` is plain text (spec); escape it so markup-looking text stays text.
  if (summary !== undefined) draft.summary = textToHtml(summary);
  const image = s(item.image) ?? s(item.banner_image);
  if (image !== undefined) draft.image = { url: image };
  const published = s(item.date_published);
  if (published !== undefined) draft.publishedAt = published;
  const modified = s(item.date_modified);
  if (modified !== undefined) draft.updatedAt = modified;
  const language = s(item.language) ?? feedLanguage;
  if (language !== undefined) draft.language = language;
  const raw: RawItem = { draft };
  if (base !== undefined) raw.baseUrl = base;
  return raw;
}
