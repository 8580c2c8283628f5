/** One test per real-world quirk the renderers must survive (each named after it). */
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/model/article.js';
import { renderFeed, type FeedFormat, type RenderContext } from '../../../src/syndicate/index.js';
import { article, CTX, feedDef, illegalXmlChars, parseXml } from './fixtures.js';

type Node = Record<string, unknown>;

function render(list: Article[], format: FeedFormat, content: 'full' | 'summary' = 'full', ctx: RenderContext = CTX): string {
  return renderFeed(feedDef(content), list, format, ctx).body;
}

function rssItems(body: string): Node[] {
  const item = ((parseXml(body).rss as Node).channel as Node).item;
  return (item ?? []) as Node[];
}

function atomEntries(body: string): Node[] {
  return ((parseXml(body).feed as Node).entry ?? []) as Node[];
}

function json(body: string): { items: Record<string, unknown>[] } & Record<string, unknown> {
  return JSON.parse(body) as { items: Record<string, unknown>[] } & Record<string, unknown>;
}

describe('authors', () => {
  it('one name-only author becomes dc:creator, not <author> (RSS <author> must be an e-mail)', () => {
    const body = render([article({ authors: [{ name: 'Sam' }] })], 'rss');
    expect(body).toContain('<dc:creator>Sam</dc:creator>');
    expect(body).not.toContain('<author>');
  });

  it('one author with an e-mail becomes <author>email (Name)</author>', () => {
    const body = render([article({ authors: [{ name: 'Jane Doe', email: 'jane@example.com' }] })], 'rss');
    expect(body).toContain('<author>jane@example.com (Jane Doe)</author>');
    expect(body).not.toContain('dc:creator>');
  });

  it('several authors become several dc:creator, never several <author>', () => {
    const authors = [{ name: 'A', email: 'a@example.com' }, { name: 'B' }, { name: 'C', email: 'c@example.com' }];
    const body = render([article({ authors })], 'rss');
    expect(body.match(/<dc:creator>/g)).toHaveLength(3);
    expect(body).not.toContain('<author>');
    expect(json(render([article({ authors })], 'json')).items[0]?.authors).toEqual([{ name: 'A' }, { name: 'B' }, { name: 'C' }]);
  });

  it('an invalid e-mail is dropped rather than published', () => {
    const body = render([article({ authors: [{ name: 'X', email: 'x at example' }] })], 'atom');
    expect(body).toContain('<author><name>X</name></author>');
  });

  it.each([
    ['siteName when the article has one', { siteName: 'Example Wire' }, 'Example Wire'],
    ['the feed title otherwise', {}, 'World &#x26; Markets'],
  ])('Atom entries without authors get one: %s', (_, over, name) => {
    const body = render([article({ authors: [], ...over })], 'atom');
    expect(body).toContain(`<author><name>${name}</name></author>`);
  });
});

describe('dates', () => {
  it('invalid publishedAt/updatedAt fall back to fetchedAt without throwing or printing "Invalid Date"', () => {
    const a = article({ publishedAt: 'yesterday-ish', updatedAt: '2024-02-30T25:00:00Z', fetchedAt: '2024-03-04T05:06:07Z' });
    for (const format of ['rss', 'atom', 'json'] as const) expect(render([a], format)).not.toContain('Invalid Date');
    expect(render([a], 'rss')).toContain('<pubDate>Mon, 04 Mar 2024 05:06:07 GMT</pubDate>');
    expect(render([a], 'atom')).toContain('<updated>2024-03-04T05:06:07Z</updated>');
    expect(render([a], 'atom')).not.toContain('<published>');
    expect(json(render([a], 'json')).items[0]?.date_published).toBe('2024-03-04T05:06:07Z');
  });

  it('when every date is invalid the feed date is used', () => {
    const a = article({ publishedAt: 'x', fetchedAt: 'y' });
    expect(render([a], 'rss')).toContain('<pubDate>Sat, 01 Jun 2024 12:00:00 GMT</pubDate>');
  });

  it('without ctx.updatedAt the feed date is the newest article date', () => {
    const list = [
      article({ id: 'old', url: 'https://example.com/old', publishedAt: '2024-01-01T00:00:00Z' }),
      article({ id: 'new', url: 'https://example.com/new', publishedAt: '2024-02-01T00:00:00Z', updatedAt: '2024-03-01T00:00:00Z' }),
    ];
    const ctx = { baseUrl: CTX.baseUrl };
    expect(render(list, 'rss', 'full', ctx)).toContain('<lastBuildDate>Fri, 01 Mar 2024 00:00:00 GMT</lastBuildDate>');
    expect(render(list, 'atom', 'full', ctx)).toContain('<updated>2024-03-01T00:00:00.000Z</updated>');
  });
});

describe('text', () => {
  it('control characters, lone surrogates and U+FFFE are stripped from every string', () => {
    const bad = 'a\u0000b\u0008c\u000bd\u001fe\u007ff\u0085g\ud800h\ufffei\ufffdj';
    const a = article({ title: bad, summary: bad, contentHtml: `<p>${bad}</p>`, authors: [{ name: bad }], categories: [bad] });
    for (const format of ['rss', 'atom'] as const) {
      const body = render([a], format);
      expect(illegalXmlChars(body)).toEqual([]);
      expect(body).toContain('abcdefghij');
      expect(body).not.toMatch(/[\u0080-\u009f\ufffd]/);
    }
    expect(json(render([a], 'json')).items[0]?.title).toBe('abcdefghij');
  });

  it('& < > " and emoji in titles survive every format as plain text', async () => {
    const title = 'AT&T <b> "Q&amp;A" 🎉 > less';
    const a = article({ title });
    const parsed = await new Parser().parseString(render([a], 'rss'));
    expect(parsed.items[0]?.title).toBe(title);
    expect(((atomEntries(render([a], 'atom'))[0] as Node).title as string)).toBe(title);
    expect(json(render([a], 'json')).items[0]?.title).toBe(title);
  });

  it('the feed title and description keep literal entities and markup-like text', async () => {
    const def = feedDef('full', { title: 'Q&amp;A <b>bold</b> & more', description: 'Tips for <html> & "css"' });
    const rss = renderFeed(def, [article()], 'rss', CTX).body;
    const parsed = await new Parser().parseString(rss);
    expect(parsed.title).toBe('Q&amp;A <b>bold</b> & more');
    expect(parsed.description).toBe('Tips for <html> & "css"');
    const atom = renderFeed(def, [article()], 'atom', CTX).body;
    expect(atom).toContain('<title type="html">Q&#x26;amp;amp;A &#x26;lt;b&#x26;gt;bold&#x26;lt;/b&#x26;gt; &#x26;amp; more</title>');
    expect(atom).toContain('<subtitle>Tips for &#x3C;html&#x3E; &#x26; "css"</subtitle>');
    expect(json(renderFeed(def, [article()], 'json', CTX).body).title).toBe('Q&amp;A <b>bold</b> & more');
  });

  it('a title that looks like HTML (an end tag) is written as escaped type="html" in Atom', () => {
    const body = render([article({ title: 'Why </b> breaks' })], 'atom');
    expect(body).toContain('<title type="html">Why &#x26;lt;/b&#x26;gt; breaks</title>');
  });

  it('"]]>" inside content cannot end the CDATA section early', () => {
    const body = render([article({ summary: 'x ]]> y ]]> z', contentHtml: '<p title="]]>">a ]]> b</p>' })], 'rss');
    const item = rssItems(body)[0] as Node;
    expect(item.description).toBe('x ]]&gt; y ]]&gt; z');
    expect(String(item['content:encoded'])).toContain('title="]]>"');
  });

  it('RTL text and its language are kept', () => {
    const a = article({ title: 'שלום עולם', language: 'he' });
    expect(render([a], 'rss')).toContain('<title>שלום עולם</title>');
    expect(render([a], 'atom')).toContain('xml:lang="he"');
  });
});

describe('content', () => {
  const base = 'https://example.com/news/2024/story';

  it('relative href/src/srcset are resolved against the article URL; unsafe schemes dropped', () => {
    const html =
      '<p><a href="/x">x</a><a href="#frag">f</a><a href="javascript:alert(1)">j</a><a href="mailto:a@example.com">m</a>' +
      '<img src="../i.png" srcset="a.png 1x, /b.png 2x"><video poster="p.jpg" src="v.mp4"></video></p>';
    const body = render([article({ url: base, contentHtml: html })], 'json');
    expect(json(body).items[0]?.content_html).toBe(
      '<p><a href="https://example.com/x">x</a><a href="https://example.com/news/2024/story#frag">f</a><a>j</a>' +
        '<a href="mailto:a@example.com">m</a><img src="https://example.com/news/i.png" ' +
        'srcset="https://example.com/news/2024/a.png 1x, https://example.com/b.png 2x">' +
        '<video poster="https://example.com/news/2024/p.jpg" src="https://example.com/news/2024/v.mp4"></video></p>',
    );
  });

  it('script, iframe, svg, style and event attributes are removed; unknown tags unwrapped', () => {
    const html = '<div><script>x()</script><iframe src="https://e.example.com"></iframe><svg></svg>' +
      '<my-card onclick="x()"><b style="color:red" class="k" data-id="1">kept</b></my-card></div>';
    expect(json(render([article({ contentHtml: html })], 'json')).items[0]?.content_html).toBe(
      '<div><b class="k" data-id="1">kept</b></div>',
    );
  });

  it('RSS items need a description even when only content exists', () => {
    const a = article({ summary: undefined, contentHtml: '<p>Only <b>body</b> here.</p>' });
    expect(rssItems(render([a], 'rss'))[0]?.description).toBe('Only body here.');
  });

  it("summary feeds carry the summary only; full feeds fall back to the summary when there is no HTML", () => {
    const withHtml = article({ contentHtml: '<p>Body</p>' });
    expect(render([withHtml], 'rss', 'summary')).not.toContain('content:encoded');
    expect(render([withHtml], 'atom', 'summary')).not.toContain('<content');
    expect(json(render([withHtml], 'json', 'summary')).items[0]).toMatchObject({ content_text: 'Summary.' });
    const noHtml = article({ contentHtml: undefined });
    expect(render([noHtml], 'rss', 'full')).not.toContain('content:encoded');
    expect(json(render([noHtml], 'json', 'full')).items[0]).toMatchObject({ content_text: 'Summary.' });
  });
});

describe('links, ids and media', () => {
  it('guid isPermaLink="true" when it is the article URL', () => {
    expect(render([article()], 'rss')).toContain('<guid isPermaLink="true">https://example.com/a/1</guid>');
  });

  it('guid isPermaLink="false" with the article id when the URL is not http(s); no link written', () => {
    const body = render([article({ id: 'opaque-42', url: 'gopher://example.com/1' })], 'rss');
    expect(body).toContain('<guid isPermaLink="false">opaque-42</guid>');
    expect(rssItems(body)[0]?.link).toBeUndefined();
    expect(render([article({ id: 'opaque-42', url: 'gopher://example.com/1' })], 'atom')).toContain(
      '<id>urn:feedmill:article:opaque-42</id>',
    );
  });

  it('an article given twice is rendered once', () => {
    const body = render([article(), article({ title: 'again' })], 'rss');
    expect(rssItems(body)).toHaveLength(1);
  });

  it('enclosure type comes from the article, not guessed from the URL', () => {
    const a = article({ enclosures: [{ url: 'https://cdn.example.com/file.jpg?x=1', type: 'audio/mpeg', length: 99 }] });
    expect(render([a], 'rss')).toContain('<enclosure url="https://cdn.example.com/file.jpg?x=1" length="99" type="audio/mpeg"/>');
    expect(render([a], 'atom')).toContain('type="audio/mpeg" href="https://cdn.example.com/file.jpg?x=1" length="99"');
  });

  it('enclosures without a length or beyond the first become media:content in RSS', () => {
    const a = article({
      enclosures: [
        { url: 'https://cdn.example.com/a.mp3', type: 'audio/mpeg' },
        { url: 'https://cdn.example.com/b.mp3', type: 'audio/mpeg', length: 10 },
        { url: 'https://cdn.example.com/c.mp3', type: 'audio/mpeg', length: 20 },
      ],
    });
    const body = render([a], 'rss');
    expect(body.match(/<enclosure /g)).toHaveLength(1);
    expect(body).toContain('<enclosure url="https://cdn.example.com/b.mp3" length="10"');
    expect(body.match(/<media:content /g)).toHaveLength(2);
    expect(render([a], 'atom').match(/rel="enclosure"/g)).toHaveLength(3);
  });

  it('categories are trimmed, de-duplicated, and Atom ones have a term', () => {
    const body = render([article({ categories: [' Tech ', 'Tech', '', 'A & B'] })], 'atom');
    expect(body).toContain('<category term="Tech"/>');
    expect(body).toContain('<category term="A &amp; B"/>');
    expect(body.match(/<category /g)).toHaveLength(2);
  });

  it('self links, hub links and the generator follow the context', () => {
    const ctx = { baseUrl: 'https://feeds.example.com/', hub: 'https://hub.example.com/', generator: 'feedmill test' };
    const rss = render([article()], 'rss', 'full', ctx);
    expect(rss).toContain('<atom:link href="https://feeds.example.com/feeds/world.rss" rel="self" type="application/rss+xml"/>');
    expect(rss).toContain('<generator>feedmill test</generator>');
    const atom = render([article()], 'atom', 'full', { baseUrl: 'https://feeds.example.com' });
    expect(atom).toContain('<link rel="self" href="https://feeds.example.com/feeds/world.atom"/>');
    expect(atom).not.toContain('rel="hub"');
    expect(atom).toContain('<generator>feedmill</generator>');
    expect(json(render([article()], 'json', 'full', ctx)).hubs).toEqual([{ type: 'WebSub', url: 'https://hub.example.com/' }]);
  });

  it('the feed language is the one language all articles share, and absent when they differ', () => {
    const en = [article({ language: 'en-us' }), article({ id: 'b', url: 'https://example.com/b', language: 'EN-US' })];
    expect(render(en, 'rss')).toContain('<language>en-US</language>');
    expect(render(en, 'atom')).toContain('xml:lang="en-US"');
    expect(json(render(en, 'json')).language).toBe('en-US');
    const mixed = [article({ language: 'en' }), article({ id: 'b', url: 'https://example.com/b', language: 'fr' })];
    expect(render(mixed, 'rss')).not.toContain('<language>');
    expect(render(mixed, 'rss')).toContain('<dc:language>fr</dc:language>');
  });

  it('an empty feed is still a valid document', () => {
    for (const format of ['rss', 'atom'] as const) expect(() => parseXml(render([], format))).not.toThrow();
    expect(json(render([], 'json')).items).toEqual([]);
  });

  it('a baseUrl that is not http(s) is a configuration error', () => {
    expect(() => render([article()], 'rss', 'full', { baseUrl: 'localhost:8080' })).toThrow(/baseUrl/);
  });
});
