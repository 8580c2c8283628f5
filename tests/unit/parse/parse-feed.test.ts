import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedmillError } from '../../../src/model/errors.js';
import { parseFeed } from '../../../src/parse/index.js';
import { FEEDS_DIR, VALID_FEEDS } from './fixtures.js';

const fixture = (name: string): Buffer => readFileSync(path.join(FEEDS_DIR, name));
const expected = (name: string): unknown => JSON.parse(readFileSync(path.join(FEEDS_DIR, name.replace(/\.(xml|json)$/, '.expected.json')), 'utf8'));

/** The FeedmillError a rejected parse carries (fails the test when it is anything else). */
async function parseError(body: Buffer | string, url?: string): Promise<FeedmillError> {
  const err: unknown = await parseFeed(body, url === undefined ? {} : { url }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FeedmillError);
  const fe = err as FeedmillError;
  expect(fe.stage).toBe('parse');
  expect(fe.message.startsWith('parse: ')).toBe(true);
  return fe;
}

const rss = (items: string, channel = ''): string =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><title>T</title><link>https://site.example/</link>${channel}${items}</channel></rss>`;
const atom = (entries: string, attrs = ''): string =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"${attrs}><title>A</title><id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>${entries}</feed>`;

describe('parseFeed fixtures (compared with *.expected.json)', () => {
  it.each(VALID_FEEDS)('%s from %s (%s) is %s', async (file, url, contentType, format) => {
    const out = await parseFeed(fixture(file), contentType === undefined ? { url } : { url, contentType });
    expect(out.format).toBe(format);
    expect(out).toEqual(expected(file));
  });
});

describe('parseFeed errors', () => {
  it.each([
    ['html-page.html', 'NOT_A_FEED'],
    ['billion-laughs.xml', 'PARSE_ERROR'],
    ['malformed.xml', 'PARSE_ERROR'],
  ])('%s → %s', async (file, code) => {
    expect((await parseError(fixture(file), 'https://x.example/')).code).toBe(code);
  });

  it.each([
    ['', 'EMPTY'],
    ['  \n\t ', 'EMPTY'],
    ['\uFEFF', 'EMPTY'],
    ['just some text', 'NOT_A_FEED'],
    ['{"hello": "world"}', 'NOT_A_FEED'],
    ['{"version": "https://jsonfeed.org/version/2", "items": []}', 'NOT_A_FEED'],
    ['[1, 2, 3]', 'NOT_A_FEED'],
    ['{"version": "https://jsonfeed.org/version/1", ', 'PARSE_ERROR'],
    ['<?xml version="1.0"?><opml version="2.0"><body/></opml>', 'NOT_A_FEED'],
    ['<html><body>hi</body></html>', 'NOT_A_FEED'],
    ['<feed xmlns="http://example.com/not-atom"><title>x</title></feed>', 'NOT_A_FEED'],
    ['<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>', 'PARSE_ERROR'],
    ['<?xml version="1.0"?><!DOCTYPE rss [ ]><rss version="2.0"><channel><title>x</title></channel></rss>', 'PARSE_ERROR'],
    ['<rss version="2.0"><channel><title>x</title>', 'PARSE_ERROR'],
    ['<rss version="2.0"></rss>', 'PARSE_ERROR'],
  ])('%j → %s', async (body, code) => {
    expect((await parseError(body)).code).toBe(code);
  });

  it('errors are not retryable (the same bytes fail the same way)', async () => {
    expect((await parseError(fixture('malformed.xml'))).retryable).toBe(false);
  });
});

describe('parseFeed real-world quirks', () => {
  it('windows-1252 RSS without charset in Content-Type is decoded from the XML declaration', async () => {
    const out = await parseFeed(fixture('rss-windows-1252.xml'), { contentType: 'application/rss+xml' });
    expect(out.items[0]?.title).toBe('L’été arrive — “enfin”');
    expect(out.feed.description).toBe('“Les nouvelles” du café – prix en €');
  });

  it('the Content-Type charset beats a wrong XML declaration', async () => {
    const body = Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?>' + rss('<item><title>Crème brûlée</title></item>'), 'utf8');
    const out = await parseFeed(body, { contentType: 'text/xml; charset=utf-8' });
    expect(out.items[0]?.title).toBe('Crème brûlée');
  });

  it('a UTF-8 BOM is ignored', async () => {
    const out = await parseFeed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss('<item><title>BOM</title></item>'))]));
    expect(out.items[0]?.title).toBe('BOM');
  });

  it('UTF-16 feeds with a BOM are decoded', async () => {
    const out = await parseFeed(iconv.encode(rss('<item><title>Sixteen ✓</title></item>'), 'utf-16le', { addBOM: true }));
    expect(out.items[0]?.title).toBe('Sixteen ✓');
  });

  it('HTML entities and bare ampersands (invalid XML) are repaired instead of failing the feed', async () => {
    const out = await parseFeed(rss('<item><title>AT&T &amp; caf&eacute;&nbsp;news &bogus; &#233;</title><link>https://site.example/a?x=1&y=2</link></item>'));
    expect(out.items[0]?.title).toBe('AT&T & café news &bogus; é');
    expect(out.items[0]?.url).toBe('https://site.example/a?x=1&y=2');
  });

  it('ampersands inside CDATA are left alone', async () => {
    const out = await parseFeed(rss('<item><title><![CDATA[Q&A: rock & roll]]></title><link><![CDATA[https://site.example/q?a=1&b=2]]></link></item>'));
    expect(out.items[0]?.title).toBe('Q&A: rock & roll');
    expect(out.items[0]?.url).toBe('https://site.example/q?a=1&b=2');
  });

  it('feedburner:origLink is preferred over the FeedBurner redirect link', async () => {
    const out = await parseFeed(rss('<item><title>x</title><link>http://feeds.feedburner.com/~r/x/~3/abc/</link><feedburner:origLink>https://site.example/real?utm_source=feedburner</feedburner:origLink></item>'));
    expect(out.items[0]?.url).toBe('https://site.example/real');
  });

  it('a guid with isPermaLink="false" is never used as the URL', async () => {
    const out = await parseFeed(rss('<item><title>x</title><guid isPermaLink="false">https://site.example/not-a-link</guid></item>'));
    expect(out.items[0]?.url).toBeUndefined();
    expect(out.items[0]?.guid).toBe('https://site.example/not-a-link');
  });

  it('a permalink guid is the URL when there is no link', async () => {
    const out = await parseFeed(rss('<item><title>x</title><guid>https://site.example/perma</guid></item>'));
    expect(out.items[0]?.url).toBe('https://site.example/perma');
  });

  it('relative item links resolve against the channel link', async () => {
    const out = await parseFeed(rss('<item><title>x</title><link>/2024/rel</link><description>&lt;img src="i.png"&gt;</description></item>'), { url: 'https://feeds.example/site.xml' });
    expect(out.items[0]?.url).toBe('https://site.example/2024/rel');
    expect(out.items[0]?.contentHtml).toBe('<img src="https://site.example/2024/i.png" />');
  });

  it('<rss> without a version attribute is read as RSS 2.0', async () => {
    const out = await parseFeed('<rss><channel><title>T</title><item><title>No version</title></item></channel></rss>');
    expect(out.format).toBe('rss-2.0');
    expect(out.items[0]?.title).toBe('No version');
  });

  it('maxItems caps the items read', async () => {
    const items = Array.from({ length: 10 }, (_, i) => `<item><title>Item ${i}</title></item>`).join('');
    const out = await parseFeed(rss(items), { maxItems: 3 });
    expect(out.items.map((i) => i.title)).toEqual(['Item 0', 'Item 1', 'Item 2']);
  });

  it('an unparsable Atom date drops that date, not the whole feed', async () => {
    const out = await parseFeed(atom('<entry><title>Bad date</title><id>urn:1</id><published>yesterday-ish</published><updated>2024-01-02T00:00:00Z</updated></entry>'));
    expect(out.items[0]?.title).toBe('Bad date');
    expect(out.items[0]?.publishedAt).toBe('2024-01-02T00:00:00.000Z');
  });

  it('Atom xml:base on feed and entry resolves links and content', async () => {
    const out = await parseFeed(
      atom('<entry xml:base="posts/"><title>x</title><id>urn:1</id><link href="one.html"/><content type="html">&lt;a href="two.html"&gt;2&lt;/a&gt;</content></entry>', ' xml:base="https://base.example/blog/"'),
      { url: 'https://other.example/feed.atom' },
    );
    expect(out.items[0]?.url).toBe('https://base.example/blog/posts/one.html');
    expect(out.items[0]?.contentHtml).toBe('<a href="https://base.example/blog/posts/two.html" rel="noopener noreferrer">2</a>');
  });

  it('Atom xhtml content keeps its mixed-content order', async () => {
    const out = await parseFeed(atom('<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>bold</b> move</div></title><id>urn:1</id><content type="xhtml"><xhtml:div xmlns:xhtml="http://www.w3.org/1999/xhtml"><xhtml:p>One <xhtml:em>two</xhtml:em> three</xhtml:p></xhtml:div></content></entry>'));
    expect(out.items[0]?.title).toBe('A bold move');
    expect(out.items[0]?.contentHtml).toBe('<p>One <em>two</em> three</p>');
  });

  it('Atom type="text" content stays literal text', async () => {
    const out = await parseFeed(atom('<entry><title>t</title><id>urn:1</id><content type="text">x &lt;b&gt; y\n\nnext</content></entry>'));
    expect(out.items[0]?.contentHtml).toBe('<p>x &lt;b&gt; y</p><p>next</p>');
    expect(out.items[0]?.contentText).toBe('x <b> y\n\nnext');
  });

  it('Atom entries without authors inherit the feed authors (RFC 4287 §4.2.1)', async () => {
    const out = await parseFeed(atom('<author><name>Feed Author</name></author><entry><title>t</title><id>urn:1</id></entry>'));
    expect(out.items[0]?.authors).toEqual([{ name: 'Feed Author' }]);
  });

  it('items without a title get one from the start of their text', async () => {
    const out = await parseFeed(rss('<item><description>Short note about the weather today.</description></item>'));
    expect(out.items[0]?.title).toBe('Short note about the weather today.');
  });

  it('the channel language is inherited by items, the item dc:language wins', async () => {
    const out = await parseFeed(
      rss('<item><title>a</title></item><item xmlns:dc="http://purl.org/dc/elements/1.1/"><title>b</title><dc:language>fr-ca</dc:language></item>', '<language>en-us</language>'),
    );
    expect(out.items.map((i) => i.language)).toEqual(['en-US', 'fr-CA']);
  });

  it('script in item content, title and link never comes out', async () => {
    const out = await parseFeed(rss('<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Hi</title><link>javascript:alert(1)</link><content:encoded><![CDATA[<p onclick="x()">ok</p><script>alert(1)</script>]]></content:encoded></item>'));
    expect(out.items[0]).toMatchObject({ title: 'Hi', contentHtml: '<p>ok</p>' });
    expect(out.items[0]?.url).toBeUndefined();
  });

  it('a string body is parsed as is (no charset sniffing)', async () => {
    const out = await parseFeed(rss('<item><title>Ünïcode</title></item>'));
    expect(out.items[0]?.title).toBe('Ünïcode');
  });

  it('JSON Feed 1.1 items without authors inherit the feed authors', async () => {
    const out = await parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', authors: [{ name: 'Feed' }], items: [{ id: '1', content_text: 'x' }] }));
    expect(out.items[0]?.authors).toEqual([{ name: 'Feed' }]);
  });

  it('JSON Feed items that are not objects are skipped', async () => {
    const out = await parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'J', items: [null, 'x', { id: 1, title: 'ok' }] }));
    expect(out.items.map((i) => i.title)).toEqual(['ok']);
  });

  it('RSS ttl and sy:updatePeriod become ttlMinutes', async () => {
    expect((await parseFeed(rss('', '<ttl>45</ttl>'))).feed.ttlMinutes).toBe(45);
    expect((await parseFeed(fixture('rss-1.0-rdf.xml'))).feed.ttlMinutes).toBe(30);
  });
});
