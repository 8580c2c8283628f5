/**
 * "Also ran at": the other outlets of an item's cluster in every format (Atom rel="related" links, RSS
 * feedmill:alsoAt in a declared namespace, JSON Feed _feedmill.related), golden files plus structure.
 * `UPDATE_GOLDEN=1 npx vitest run tests/unit/syndicate/related.test.ts` rewrites the golden files.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { FEED_FORMATS, renderFeed, type RelatedLink, type RenderContext } from '../../../src/syndicate/index.js';
import { articles, CTX, feedDef, FIXTURES, parseXml } from './fixtures.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const NS = 'https://feedmill.dev/ns/1.0';

/** Links as the pipeline would hand them over, with the cases the writers must clean up. */
const RELATED = new Map<string, RelatedLink[]>([
  [
    'a-full',
    [
      { url: 'https://wire.example.net/markets-rally', sourceId: 'wire', siteName: 'Wire "Daily" & Co' },
      { url: 'http://harbor.example.org/story/9?x=1&y=2', sourceId: 'harbor' },
      // Dropped: not http(s), the item's own URL, a repeat.
      { url: 'javascript:alert(1)', sourceId: 'evil', siteName: 'Evil' },
      { url: 'https://example.com/news/2024/05/markets-rally?id=7&ref=home', sourceId: 'self' },
      { url: 'https://wire.example.net/markets-rally', sourceId: 'wire-again' },
    ],
  ],
  ['a-name-only', [{ url: 'https://other.example/name-only', sourceId: 'other', siteName: 'Other Paper' }]],
]);

const ctx: RenderContext = { ...CTX, related: RELATED };
const render = (format: (typeof FEED_FORMATS)[number], c: RenderContext = ctx) =>
  renderFeed(feedDef('summary'), articles().slice(0, 3), format, c).body;

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v === undefined ? [] : [v as Node]);

describe('related outlets in every format', () => {
  it.each(FEED_FORMATS)('related.%s matches the golden file', (format) => {
    const body = render(format);
    const path = join(FIXTURES, `related.${format}`);
    if (UPDATE) writeFileSync(path, body);
    expect(existsSync(path), `related.${format} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(body).toBe(readFileSync(path, 'utf8'));
  });

  it('Atom: one rel="related" link per other outlet, titled with its site name (else its host), after the alternate link', () => {
    const feed = parseXml(render('atom')).feed as Node;
    const [first, second, third] = list(feed.entry);
    const links = list(first?.link).filter((l) => l['@_rel'] !== 'enclosure').map((l) => [l['@_rel'], l['@_href'], l['@_title']]);
    expect(links).toEqual([
      ['alternate', 'https://example.com/news/2024/05/markets-rally?id=7&ref=home', undefined],
      ['related', 'https://wire.example.net/markets-rally', 'Wire "Daily" & Co'],
      ['related', 'http://harbor.example.org/story/9?x=1&y=2', 'harbor.example.org'],
    ]);
    expect(list(second?.link).filter((l) => l['@_rel'] === 'related')).toHaveLength(1);
    expect(list(third?.link).filter((l) => l['@_rel'] === 'related')).toHaveLength(0);
  });

  it('RSS: feedmill:alsoAt elements in the declared namespace, readable by a feed reader library', async () => {
    const body = render('rss');
    const rss = parseXml(body).rss as Node;
    expect(rss['@_xmlns:feedmill']).toBe(NS);
    const items = list((rss.channel as Node).item);
    expect(list(items[0]?.['feedmill:alsoAt']).map((e) => [e['@_url'], e['@_source'], e['@_site']])).toEqual([
      ['https://wire.example.net/markets-rally', 'wire', 'Wire "Daily" & Co'],
      ['http://harbor.example.org/story/9?x=1&y=2', 'harbor', undefined],
    ]);
    expect(items[2]?.['feedmill:alsoAt']).toBeUndefined();
    const parsed = await new Parser().parseString(body);
    expect(parsed.items).toHaveLength(3);
  });

  it('RSS: the namespace is declared only when an item uses it (other documents stay byte-identical)', () => {
    const plain = render('rss', CTX);
    expect(plain).not.toContain('xmlns:feedmill');
    expect(plain).not.toContain('alsoAt');
  });

  it('JSON Feed: _feedmill.related lists url, sourceId and siteName when known; absent without related outlets', () => {
    const feed = JSON.parse(render('json')) as { items: { _feedmill: { related?: unknown } }[] };
    expect(feed.items[0]?._feedmill.related).toEqual([
      { url: 'https://wire.example.net/markets-rally', sourceId: 'wire', siteName: 'Wire "Daily" & Co' },
      { url: 'http://harbor.example.org/story/9?x=1&y=2', sourceId: 'harbor' },
    ]);
    expect(feed.items[1]?._feedmill.related).toEqual([{ url: 'https://other.example/name-only', sourceId: 'other', siteName: 'Other Paper' }]);
    expect(feed.items[2]?._feedmill).not.toHaveProperty('related');
  });
});
