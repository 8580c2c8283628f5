/**
 * Structural checks on every rendered document: well-formed XML (a real parser), the elements each spec
 * requires, date formats, absolute URLs in content, and a round trip through rss-parser.
 */
import Parser from 'rss-parser';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { renderFeed } from '../../../src/syndicate/index.js';
import { canonicalUri } from '../../../src/syndicate/urls.js';
import { articles, CTX, feedDef, illegalXmlChars, parseXml } from './fixtures.js';

type Node = Record<string, unknown>;

/** RFC 2822 date as the W3C Feed Validator accepts it (validators.py rfc2822_re). */
const RFC822 =
  /^(((Mon)|(Tue)|(Wed)|(Thu)|(Fri)|(Sat)|(Sun)), )?\d\d? ((Jan)|(Feb)|(Mar)|(Apr)|(May)|(Jun)|(Jul)|(Aug)|(Sep)|(Oct)|(Nov)|(Dec)) \d\d\d\d \d\d:\d\d(:\d\d)? (([+-]?\d\d[03]0)|(UT)|(GMT)|(EST)|(EDT)|(CST)|(CDT)|(MST)|(MDT)|(PST)|(PDT)|Z)$/;
/** RFC 3339 date-time (validators.py rfc3339). */
const RFC3339 = /^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*)?(Z|([+-]\d\d:\d\d))$/;

const MODES = ['full', 'summary'] as const;

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '#text' in v) return String((v as Node)['#text']);
  return '';
}

function nodes(v: unknown): Node[] {
  return Array.isArray(v) ? (v as Node[]) : v === undefined ? [] : [v as Node];
}

function rss(content: 'full' | 'summary'): { body: string; channel: Node; items: Node[] } {
  const { body } = renderFeed(feedDef(content), articles(), 'rss', CTX);
  const channel = (parseXml(body).rss as Node).channel as Node;
  return { body, channel, items: nodes(channel.item) };
}

function atom(content: 'full' | 'summary'): { body: string; feed: Node; entries: Node[] } {
  const { body } = renderFeed(feedDef(content), articles(), 'atom', CTX);
  const feed = parseXml(body).feed as Node;
  return { body, feed, entries: nodes(feed.entry) };
}

/** Every href/src/srcset/poster/cite in an HTML fragment. */
function htmlUrls(html: string): string[] {
  const $ = load(html, null, false);
  const out: string[] = [];
  $.root()
    .find('[href], [src], [srcset], [poster], [cite]')
    .each((_, el) => {
      for (const name of ['href', 'src', 'poster', 'cite']) if (el.attribs[name] !== undefined) out.push(el.attribs[name]);
      for (const c of (el.attribs.srcset ?? '').split(',')) if (c.trim()) out.push(c.trim().split(/\s+/)[0] ?? '');
    });
  return out;
}

describe('RSS 2.0 structure', () => {
  it.each(MODES)('%s: channel has title, link, description, lastBuildDate, generator, self and hub links', (mode) => {
    const { channel } = rss(mode);
    expect(text(channel.title)).toBe('World & Markets');
    expect(text(nodes(channel.link)[0])).toBe('http://localhost:8080/');
    expect(text(channel.description)).toBe('Everything <important> from our sources');
    expect(text(channel.lastBuildDate)).toMatch(RFC822);
    expect(text(channel.generator)).toBe('feedmill');
    const links = nodes(channel['atom:link']).map((l) => [l['@_rel'], l['@_href']]);
    expect(links).toEqual([
      ['self', `http://localhost:8080/feeds/${feedDef(mode).id}.rss`],
      ['hub', 'https://hub.example.com/'],
    ]);
  });

  it.each(MODES)('%s: every item has title, description, guid, RFC 822 pubDate; at most one enclosure', (mode) => {
    const { items } = rss(mode);
    expect(items).toHaveLength(8);
    const guids = new Set<string>();
    for (const item of items) {
      expect(text(item.title)).not.toBe('');
      expect(text(item.description)).not.toBe('');
      expect(text(item.pubDate)).toMatch(RFC822);
      const guid = text(item.guid);
      // A permalink guid must be an RFC 2396 URI (validator InvalidHttpGUID / InvalidUriChar otherwise).
      if ((item.guid as Node)['@_isPermaLink'] === 'true') expect(guid).toMatch(/^https?:\/\/[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/);
      expect(guids.has(guid)).toBe(false);
      guids.add(guid);
      expect(nodes(item.enclosure).length).toBeLessThanOrEqual(1);
      expect(nodes(item.author).length).toBeLessThanOrEqual(1);
      if (item.author !== undefined) expect(item['dc:creator']).toBeUndefined();
    }
  });

  it.each(MODES)('%s: no illegal characters, no "Invalid Date", no relative URL in content', (mode) => {
    const { body, items } = rss(mode);
    expect(illegalXmlChars(body)).toEqual([]);
    expect(body).not.toContain('Invalid Date');
    for (const item of items) {
      for (const html of [text(item.description), text(item['content:encoded'])]) {
        for (const url of htmlUrls(html)) expect(url).toMatch(/^(https?|mailto|data):/);
      }
    }
  });

  it('summary feeds carry no content:encoded; full feeds put description first', () => {
    expect(rss('summary').body).not.toContain('<content:encoded>');
    const { body } = rss('full');
    for (const chunk of body.split('<item>').slice(1)) {
      const content = chunk.indexOf('<content:encoded>');
      if (content >= 0) expect(chunk.indexOf('<description>')).toBeLessThan(content);
    }
  });
});

describe('Atom 1.0 structure', () => {
  it.each(MODES)('%s: feed has id, title, updated, generator, alternate/self/hub links', (mode) => {
    const { feed } = atom(mode);
    expect(text(feed.id)).toBe(`http://localhost:8080/feeds/${feedDef(mode).id}.atom`);
    expect(text(feed.title)).toBe('World & Markets');
    expect(text(feed.updated)).toMatch(RFC3339);
    expect(text(feed.generator)).toBe('feedmill');
    const links = nodes(feed.link).map((l) => [l['@_rel'], l['@_href']]);
    expect(links).toEqual([
      ['alternate', 'http://localhost:8080/'],
      ['self', `http://localhost:8080/feeds/${feedDef(mode).id}.atom`],
      ['hub', 'https://hub.example.com/'],
    ]);
  });

  it.each(MODES)('%s: every entry has a unique id, title, RFC 3339 updated, an author, and text', (mode) => {
    const { entries } = atom(mode);
    expect(entries).toHaveLength(8);
    const ids = new Set<string>();
    for (const entry of entries) {
      const id = text(entry.id);
      expect(id).toMatch(/^(https?|urn):/);
      // Atom ids not in canonical form get the validator's NonCanonicalURI warning.
      if (id.startsWith('http')) expect(canonicalUri(id)).toBe(id);
      expect(ids.has(id)).toBe(false);
      ids.add(id);
      expect(text(entry.title)).not.toBe('');
      expect(text(entry.updated)).toMatch(RFC3339);
      if (entry.published !== undefined) expect(text(entry.published)).toMatch(RFC3339);
      const authors = nodes(entry.author);
      expect(authors.length).toBeGreaterThan(0);
      for (const a of authors) expect(text(a.name)).not.toBe('');
      expect(entry.summary !== undefined || entry.content !== undefined).toBe(true);
      for (const c of nodes(entry.category)) expect(c['@_term']).toBeTruthy();
    }
  });

  it.each(MODES)('%s: no illegal characters, no "Invalid Date", no relative URL in content', (mode) => {
    const { body, entries } = atom(mode);
    expect(illegalXmlChars(body)).toEqual([]);
    expect(body).not.toContain('Invalid Date');
    for (const entry of entries) for (const url of htmlUrls(text(entry.content))) expect(url).toMatch(/^(https?|mailto|data):/);
  });
});

describe('round trip through rss-parser', () => {
  const expected = () =>
    (JSON.parse(renderFeed(feedDef('full'), articles(), 'json', CTX).body) as { items: { url?: string }[] }).items;

  it.each(MODES)('%s RSS gives back the same count, titles and links', async (mode) => {
    const { items } = rss(mode);
    const parsed = await new Parser().parseString(rss(mode).body);
    expect(parsed.items).toHaveLength(items.length);
    expect(parsed.items.map((i) => i.title)).toEqual(items.map((i) => text(i.title)));
    expect(parsed.items.map((i) => i.link)).toEqual(expected().map((i) => i.url));
    expect(parsed.title).toBe('World & Markets');
  });

  it.each(MODES)('%s Atom gives back the same count, titles and links', async (mode) => {
    const { entries, body } = atom(mode);
    const parsed = await new Parser().parseString(body);
    expect(parsed.items).toHaveLength(entries.length);
    expect(parsed.items.map((i) => i.title)).toEqual(rss(mode).items.map((i) => text(i.title)));
    expect(parsed.items.map((i) => i.link)).toEqual(expected().map((i) => i.url));
  });
});
