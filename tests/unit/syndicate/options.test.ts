/**
 * Feed-level options (language, icon, logo, copyright), RFC 5005 paging links, narrowed variants and the
 * OPML list: well-formed, with the elements each format defines for them, and self links that say where
 * the document lives.
 */
import { describe, expect, it } from 'vitest';
import { pagingLinks, renderFeed, renderOpml, type RenderContext } from '../../../src/syndicate/index.js';
import { variantEtag } from '../../../src/syndicate/encode.js';
import { articles, CTX, feedDef, parseXml } from './fixtures.js';

type Node = Record<string, unknown>;
const nodes = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v === undefined ? [] : [v as Node]);
const text = (v: unknown): string =>
  typeof v === 'string' ? v : v && typeof v === 'object' && '#text' in v ? String((v as Node)['#text']) : '';

const DEF = feedDef('summary', {
  id: 'world',
  language: 'EN-gb',
  icon: 'https://cdn.example.com/icon.png',
  logo: 'https://cdn.example.com/logo.png',
  copyright: '© 2024 World & Markets <Ltd>',
});
const PAGED: RenderContext = {
  ...CTX,
  paging: pagingLinks([['q', 'storm']], { self: { before: 'CUR1' }, older: 'CUR2', newer: 'CUR0' }),
  query: '?q=storm',
};

describe('feed options', () => {
  it('RSS: language, copyright, and a channel image whose title and link repeat the channel’s', () => {
    const channel = (parseXml(renderFeed(DEF, articles(), 'rss', CTX).body).rss as Node).channel as Node;
    expect(text(channel.language)).toBe('en-GB');
    expect(text(channel.copyright)).toBe('© 2024 World & Markets <Ltd>');
    const image = channel.image as Node;
    expect(text(image.url)).toBe('https://cdn.example.com/logo.png');
    expect(text(image.title)).toBe(text(channel.title));
    expect(text(nodes(image.link)[0])).toBe(text(nodes(channel.link)[0]));
  });

  it('Atom: xml:lang on the root, icon, logo and rights', () => {
    const feed = parseXml(renderFeed(DEF, articles(), 'atom', CTX).body).feed as Node;
    expect(feed['@_xml:lang']).toBe('en-GB');
    expect(text(feed.icon)).toBe('https://cdn.example.com/icon.png');
    expect(text(feed.logo)).toBe('https://cdn.example.com/logo.png');
    expect(text(feed.rights)).toBe('© 2024 World & Markets <Ltd>');
  });

  it('JSON Feed: language, icon and favicon', () => {
    const json = JSON.parse(renderFeed(DEF, articles(), 'json', CTX).body) as Record<string, unknown>;
    expect(json).toMatchObject({ language: 'en-GB', icon: 'https://cdn.example.com/icon.png', favicon: 'https://cdn.example.com/icon.png' });
  });

  it('no options, no elements: an unpaged feed has no paging links', () => {
    const plain = feedDef('full');
    const rss = renderFeed(plain, articles(), 'rss', CTX).body;
    expect(rss).not.toMatch(/<copyright>|<image>|rel="next"|rel="first"/);
    const atom = renderFeed(plain, articles(), 'atom', CTX).body;
    expect(atom).not.toMatch(/<icon>|<logo>|<rights>|rel="next"/);
    expect(JSON.parse(renderFeed(plain, articles(), 'json', CTX).body)).not.toHaveProperty('next_url');
  });
});

describe('paging links (RFC 5005)', () => {
  it('pagingLinks: first, previous, next, last carry the narrowing; self is this page', () => {
    expect(PAGED.paging).toEqual({
      first: '?q=storm',
      self: '?q=storm&before=CUR1',
      previous: '?q=storm&after=CUR0',
      next: '?q=storm&before=CUR2',
      last: '?q=storm&after=start',
    });
  });

  it.each<[Parameters<typeof pagingLinks>[1], Record<string, string>]>([
    [{}, { first: '', self: '', last: '' }],
    [{ older: 'C' }, { first: '', self: '', next: '?before=C', last: '?after=start' }],
    [{ self: { after: 'start' }, newer: 'N' }, { first: '', self: '?after=start', previous: '?after=N', last: '?after=start' }],
  ])('position %j → %j', (pos, expected) => {
    expect(pagingLinks([], pos)).toEqual(expected);
  });

  it.each<[Parameters<typeof pagingLinks>[1], Record<string, string>]>([
    [{}, { first: '?q=x&token=T', self: '?q=x', last: '?q=x&token=T' }],
    [{ older: 'C' }, { first: '?q=x&token=T', self: '?q=x', next: '?q=x&before=C&token=T', last: '?q=x&after=start&token=T' }],
    [
      { self: { after: 'start' }, newer: 'N' },
      { first: '?q=x&token=T', self: '?q=x&after=start', previous: '?q=x&after=N&token=T', last: '?q=x&after=start&token=T' },
    ],
  ])('carried pairs (a partner token) ride on every followed link, never on self: %j', (pos, expected) => {
    expect(pagingLinks([['q', 'x']], pos, [['token', 'T']])).toEqual(expected);
  });

  it('Atom: self is the page, id is the narrowed feed, and first/previous/next/last links are present', () => {
    const feed = parseXml(renderFeed(DEF, articles(), 'atom', PAGED).body).feed as Node;
    const links = Object.fromEntries(nodes(feed.link).map((l) => [l['@_rel'], l['@_href']]));
    expect(links).toMatchObject({
      self: 'http://localhost:8080/feeds/world.atom?q=storm&before=CUR1',
      first: 'http://localhost:8080/feeds/world.atom?q=storm',
      previous: 'http://localhost:8080/feeds/world.atom?q=storm&after=CUR0',
      next: 'http://localhost:8080/feeds/world.atom?q=storm&before=CUR2',
      last: 'http://localhost:8080/feeds/world.atom?q=storm&after=start',
      hub: 'https://hub.example.com/',
    });
    expect(text(feed.id)).toBe('http://localhost:8080/feeds/world.atom?q=storm');
  });

  it('RSS: paging links as atom:link, self is the page', () => {
    const channel = (parseXml(renderFeed(DEF, articles(), 'rss', PAGED).body).rss as Node).channel as Node;
    const links = Object.fromEntries(nodes(channel['atom:link']).map((l) => [l['@_rel'], l['@_href']]));
    expect(links).toMatchObject({
      self: 'http://localhost:8080/feeds/world.rss?q=storm&before=CUR1',
      first: 'http://localhost:8080/feeds/world.rss?q=storm',
      next: 'http://localhost:8080/feeds/world.rss?q=storm&before=CUR2',
      previous: 'http://localhost:8080/feeds/world.rss?q=storm&after=CUR0',
      last: 'http://localhost:8080/feeds/world.rss?q=storm&after=start',
    });
  });

  it('JSON Feed: next_url to the older page; feed_url is the narrowed feed', () => {
    const json = JSON.parse(renderFeed(DEF, articles(), 'json', PAGED).body) as Record<string, unknown>;
    expect(json.next_url).toBe('http://localhost:8080/feeds/world.json?q=storm&before=CUR2');
    expect(json.feed_url).toBe('http://localhost:8080/feeds/world.json?q=storm');
  });

  it('the hub comes from the feed definition when the context has none', () => {
    const body = renderFeed({ ...DEF, hub: 'https://pubsubhubbub.example.org/' }, articles(), 'atom', { baseUrl: CTX.baseUrl }).body;
    expect(body).toContain('<link rel="hub" href="https://pubsubhubbub.example.org/"/>');
  });
});

describe('representations', () => {
  it.each([
    ['identity', '"abc"'],
    ['gzip', '"abc-gzip"'],
    ['br', '"abc-br"'],
  ] as const)('%s ETag of "abc" is %s', (coding, tag) => {
    expect(variantEtag('"abc"', coding)).toBe(tag);
  });
});

describe('OPML', () => {
  it('lists the feeds, well-formed, with escaped titles', () => {
    const xml = renderOpml('feedmill & co', [
      { title: 'World & <Markets>', description: 'All', xmlUrl: 'http://localhost:8080/feeds/world.atom?a=1&b=2', htmlUrl: 'http://localhost:8080/' },
      { title: 'Brief', xmlUrl: 'http://localhost:8080/feeds/brief.atom' },
    ], new Date('2024-06-01T00:00:00Z'));
    const opml = parseXml(xml).opml as Node;
    expect(opml['@_version']).toBe('2.0');
    const outlines = nodes((opml.body as Node).outline);
    expect(outlines.map((o) => [o['@_text'], o['@_xmlUrl'], o['@_type']])).toEqual([
      ['World & <Markets>', 'http://localhost:8080/feeds/world.atom?a=1&b=2', 'rss'],
      ['Brief', 'http://localhost:8080/feeds/brief.atom', 'rss'],
    ]);
  });
});
