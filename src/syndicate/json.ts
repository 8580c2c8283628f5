/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written here: the `feed` package only writes
 * version 1 (single `author`, no `language`, no `attachments`).
 */
import type { FeedMeta, RenderItem } from './items.js';
import { rfc3339 } from './dates.js';

/** Per-item extension object (JSON Feed allows `_`-prefixed extension keys). */
interface FeedmillExtension {
  sourceId: string;
  clusterId: string;
  siteName?: string;
  /** Other outlets that ran the same story (only when there are some). */
  related?: { url: string; sourceId: string; siteName?: string }[];
}

interface JsonAuthor {
  name: string;
  url?: string;
}

interface JsonAttachment {
  url: string;
  mime_type: string;
  size_in_bytes?: number;
}

interface JsonItem {
  id: string;
  url?: string;
  title?: string;
  content_html?: string;
  content_text?: string;
  summary?: string;
  image?: string;
  date_published: string;
  date_modified?: string;
  authors?: JsonAuthor[];
  tags?: string[];
  language?: string;
  attachments?: JsonAttachment[];
  _feedmill: FeedmillExtension;
}

interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  description?: string;
  next_url?: string;
  icon?: string;
  favicon?: string;
  language?: string;
  hubs?: { type: string; url: string }[];
  items: JsonItem[];
}

function attachments(item: RenderItem): JsonAttachment[] {
  return item.enclosures.map((e) =>
    e.length !== undefined ? { url: e.url, mime_type: e.type, size_in_bytes: e.length } : { url: e.url, mime_type: e.type },
  );
}

function jsonItem(item: RenderItem): JsonItem {
  // One of content_html / content_text is required; summary-only feeds carry the summary as text.
  const content = item.html !== undefined ? { content_html: item.html } : { content_text: item.summary || item.title };
  return {
    id: item.guid,
    ...(item.url !== undefined ? { url: item.url } : {}),
    ...(item.ownTitle ? { title: item.ownTitle } : {}),
    ...content,
    ...(item.html !== undefined && item.summary ? { summary: item.summary } : {}),
    ...(item.image !== undefined ? { image: item.image.url } : {}),
    date_published: rfc3339(item.date),
    ...(item.modified !== undefined ? { date_modified: rfc3339(item.modified) } : {}),
    ...(item.authors.length > 0
      ? { authors: item.authors.map((a) => (a.url !== undefined ? { name: a.name, url: a.url } : { name: a.name })) }
      : {}),
    ...(item.categories.length > 0 ? { tags: [...item.categories] } : {}),
    ...(item.language !== undefined ? { language: item.language } : {}),
    ...(item.enclosures.length > 0 ? { attachments: attachments(item) } : {}),
    _feedmill: ext(item),
  };
}

function ext(item: RenderItem): FeedmillExtension {
  const e: FeedmillExtension = { sourceId: item.sourceId, clusterId: item.clusterId };
  if (item.siteName !== undefined) e.siteName = item.siteName;
  if (item.related.length > 0) e.related = item.related.map((r) => ({ ...r }));
  return e;
}

/** JSON Feed's paging is `next_url` only (the next, older page). */
function nextUrl(meta: FeedMeta): { next_url?: string } {
  const next = meta.pageLinks('json').find((l) => l.rel === 'next');
  return next !== undefined ? { next_url: next.href } : {};
}

/** Renders a JSON Feed 1.1 document (two-space indented, trailing newline). */
export function renderJson(meta: FeedMeta, items: readonly RenderItem[]): string {
  const feed: JsonFeed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    home_page_url: meta.homeUrl,
    feed_url: meta.selfUrl('json'),
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    ...nextUrl(meta),
    ...(meta.icon !== undefined ? { icon: meta.icon, favicon: meta.icon } : {}),
    ...(meta.language !== undefined ? { language: meta.language } : {}),
    ...(meta.hub !== undefined ? { hubs: [{ type: 'WebSub', url: meta.hub }] } : {}),
    items: items.map(jsonItem),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
