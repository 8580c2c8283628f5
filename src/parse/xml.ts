/** rss-parser wrapper: XML text → plain records (rss-parser's own types stay in this file). */
import Parser from 'rss-parser';
import { FeedmillError } from '../model/errors.js';
import { checkDepth } from './depth.js';
import { repairXml } from './xml-repair.js';

/** A feed or item as rss-parser hands it out, with our custom fields; read with ./xml-nodes.ts. */
export type XmlRecord = Record<string, unknown>;

/** Channel/feed-level record plus its items. */
export interface XmlFeed {
  feed: XmlRecord;
  items: XmlRecord[];
}

/** Channel-level extras (strings only: rss-parser takes the first element of each). */
const FEED_FIELDS = [
  'dc:language', 'dc:date', 'dc:creator', 'sy:updatePeriod', 'sy:updateFrequency', 'subtitle', 'tagline', 'updated',
  'modified', 'logo', 'icon', 'author', 'id',
];

const keep = { keepArray: true };

/**
 * Item-level extras. `keepArray` keeps every occurrence and the raw node (attributes in `$`); `$` itself
 * copies the item's attributes (xml:base, xml:lang on Atom entries).
 */
const ITEM_FIELDS: (string | { keepArray: boolean })[][] = [
  ['$', 'attrs', keep],
  ['title', 'titleRaw', keep],
  ['link', 'links', keep],
  ['guid', 'guidRaw', keep],
  ['id', 'id'],
  ['content:encoded', 'contentEncoded'],
  ['content', 'contentRaw', keep],
  ['summary', 'summaryRaw', keep],
  ['dc:creator', 'dcCreators', keep],
  ['dc:date', 'dcDate'],
  ['dc:language', 'dcLanguage'],
  ['dc:subject', 'dcSubjects', keep],
  ['media:content', 'mediaContents', keep],
  ['media:thumbnail', 'mediaThumbnails', keep],
  ['media:group', 'mediaGroups', keep],
  ['enclosure', 'enclosures', keep],
  ['feedburner:origLink', 'origLink'],
  ['published', 'published'],
  ['updated', 'updated'],
  ['issued', 'issued'],
  ['created', 'created'],
  ['modified', 'modified'],
  ['atom:updated', 'atomUpdated'],
  ['author', 'authors', keep],
  ['category', 'categoryRaw', keep],
];

/**
 * rss-parser converts Atom <published>/<updated> with `new Date(x).toISOString()` outside a try, so one
 * unparsable date would fail the whole feed; blank such values before it sees them (xml2js valueProcessor).
 */
function guardAtomDates(value: string, name: string): string {
  if (name !== 'published' && name !== 'updated') return value;
  return Number.isNaN(Date.parse(value.trim())) ? '' : value;
}

/** Parses an RSS/Atom document with rss-parser; too deep a document or any parser failure is PARSE_ERROR. */
export async function parseXml(text: string, format: string): Promise<XmlFeed> {
  const parser = new Parser<XmlRecord, XmlRecord>({
    xml2js: { valueProcessors: [guardAtomDates] },
    customFields: { feed: FEED_FIELDS, item: ITEM_FIELDS },
    // <rss> without a version attribute is read as 2.0 (what its publishers mean).
    defaultRSS: 2,
  });
  checkDepth(text);
  try {
    const out = await parser.parseString(repairXml(text));
    const { items, ...feed } = out;
    return { feed: feed as XmlRecord, items: items as XmlRecord[] };
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new FeedmillError('parse', 'PARSE_ERROR', `malformed ${format} document: ${why ?? 'unknown error'}`, { cause: err });
  }
}
