/** Format sniffing: which feed format a decoded document is, before any parser sees it. */
import { FeedmillError } from '../model/errors.js';
import type { FeedFormat } from '../model/parsed.js';

/** What sniffing found: JSON, or XML with its root element's name and attributes. */
export type Sniffed =
  | { kind: 'json'; text: string }
  | { kind: 'xml'; text: string; root: string; attrs: Record<string, string>; format: FeedFormat };

const ATOM_10_NS = 'http://www.w3.org/2005/Atom';
const ATOM_03_NS = 'http://purl.org/atom/ns#';

/** Attributes of one start tag (names as written; XML attribute values are always quoted). */
export function tagAttributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = m[1];
    if (name !== undefined && !(name in attrs)) attrs[name] = m[2] ?? m[3] ?? '';
  }
  return attrs;
}

/**
 * Everything before the root element: XML declaration, comments, processing instructions, DOCTYPE.
 * A DOCTYPE with an internal subset ("[ … ]") or any ENTITY declaration is refused: entity expansion is how
 * "billion laughs" (CVE-2003-1564 class) and XXE attacks work, and no real feed needs one.
 */
export function refuseEntityDeclarations(prolog: string): void {
  if (/<!ENTITY/i.test(prolog) || /<!DOCTYPE[^>]*\[/i.test(prolog)) {
    throw new FeedmillError('parse', 'PARSE_ERROR', 'DOCTYPE with internal subset or ENTITY declaration refused');
  }
}

function xmlFormat(root: string, attrs: Record<string, string>): FeedFormat | undefined {
  const local = root.includes(':') ? root.slice(root.indexOf(':') + 1) : root;
  if (root === 'rss') {
    const version = (attrs.version ?? '').trim();
    // RSS 0.90 is RDF-based; <rss version="0.91|0.92|0.93|0.94"> are the UserLand/Netscape 0.9x line.
    return /^0\.9/.test(version) ? 'rss-0.9x' : 'rss-2.0';
  }
  if (local === 'RDF') return 'rss-1.0';
  if (root === 'feed') {
    const ns = attrs.xmlns ?? '';
    if (ns === ATOM_03_NS || attrs.version === '0.3') return 'atom-0.3';
    if (ns === ATOM_10_NS || ns === '') return 'atom-1.0';
  }
  return undefined;
}

/** Which format `text` is; throws EMPTY, NOT_A_FEED or (refused DOCTYPE) PARSE_ERROR. */
export function sniff(raw: string): Sniffed {
  const text = raw.replace(/^\uFEFF/, '');
  const trimmed = text.trim();
  if (trimmed === '') throw new FeedmillError('parse', 'EMPTY', 'empty document');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { kind: 'json', text: trimmed };
  if (!trimmed.startsWith('<')) throw new FeedmillError('parse', 'NOT_A_FEED', 'not a feed: neither XML nor JSON');
  // The root element is the first start tag that is not a declaration, comment or PI.
  const rootAt = trimmed.search(/<[A-Za-z_]/);
  if (rootAt === -1) throw new FeedmillError('parse', 'NOT_A_FEED', 'not a feed: no root element');
  refuseEntityDeclarations(trimmed.slice(0, rootAt));
  const tag = /^<([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/.exec(trimmed.slice(rootAt));
  const root = tag?.[1];
  if (tag === null || root === undefined) throw new FeedmillError('parse', 'PARSE_ERROR', 'malformed root element');
  const attrs = tagAttributes(tag[2] ?? '');
  const format = xmlFormat(root, attrs);
  if (format === undefined) {
    const what = root.toLowerCase() === 'html' ? 'an HTML page' : `<${root}> document`;
    throw new FeedmillError('parse', 'NOT_A_FEED', `not a feed: ${what}`);
  }
  return { kind: 'xml', text: trimmed, root, attrs, format };
}
