/** Table tests of the metadata parsers: human dates, URL dates, bylines, JSON-LD and meta evidence order. */
import { describe, expect, it } from 'vitest';
import { parseAuthors } from '../../../src/extract/authors.js';
import { dateFromUrl, parseHumanDate } from '../../../src/extract/dates.js';
import { extractArticle } from '../../../src/extract/index.js';
import { articleFromJsonLd } from '../../../src/extract/jsonld.js';

describe('parseHumanDate', () => {
  it.each([
    ['April 14, 2015', '2015-04-14'],
    ['Wednesday, July 24, 2024', '2024-07-24'],
    ['14 April 2015', '2015-04-14'],
    ['31. Mai 2012', '2012-05-31'],
    ['am 25.08.2015 22:30', '2015-08-25'],
    ['26 Okt 2018', '2018-10-26'],
    ['3 de mayo de 2022', '2022-05-03'],
    ['14 avril 2015', '2015-04-14'],
    ['2015-04-14T10:42:00-04:00', '2015-04-14'],
    ['2015/04/14', '2015-04-14'],
    ['Sept. 3rd, 2019', '2019-09-03'],
    ['31/12/2019', '2019-12-31'],
    ['no date here', undefined],
    ['31.02.2020', undefined],
    ['Version 2.1.3', undefined],
  ])('%s → %s', (text, day) => {
    expect(parseHumanDate(text)).toBe(day);
  });

  it.each([
    ['04/14/2015', true, '2015-04-14'],
    ['04/05/2015', true, '2015-04-05'],
    ['04/05/2015', false, '2015-05-04'],
    ['04.05.2015', true, '2015-05-04'],
  ])('%s with monthFirst=%s → %s', (text, monthFirst, day) => {
    expect(parseHumanDate(text, monthFirst)).toBe(day);
  });
});

describe('dateFromUrl', () => {
  it.each([
    ['https://example.com/2015/04/14/story/', '2015-04-14'],
    ['https://example.com/news/20200108-court.html', '2020-01-08'],
    ['https://example.com/2015-04-14-story', '2015-04-14'],
    ['https://example.com/2015/04/story/', undefined],
    ['https://example.com/item/12345678/', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, day) => {
    expect(dateFromUrl(url)).toBe(day);
  });
});

describe('parseAuthors', () => {
  it.each([
    [['By Jane Doe and John Roe, Staff Writer'], ['Jane Doe', 'John Roe']],
    [['Jane Doe & John Roe'], ['Jane Doe', 'John Roe']],
    [['von Anna Maier | 12.03.2020'], ['Anna Maier']],
    [['Veröffentlicht vonChris Jung'], ['Chris Jung']],
    [['Frank Bueltge - http://bueltge.de'], ['Frank Bueltge']],
    [['Daniel Smith'], ['Daniel Smith']],
    [['Lindsey O’Donnell'], ['Lindsey O’Donnell']],
    [['Maria Pérez y Juan Gómez'], ['Maria Pérez', 'Juan Gómez']],
    [['Jane Doe', 'jane doe'], ['Jane Doe']],
    [['in Uncategorized'], []],
    [['cipha[at]cipha.net'], []],
    [['Updated 10:42 AM'], []],
    [['https://www.facebook.com/janedoe'], []],
  ])('%j → %j', (raws, names) => {
    expect(parseAuthors(raws)).toEqual(names);
  });
});

const ld = (obj: unknown): string => JSON.stringify(obj);

describe('articleFromJsonLd', () => {
  it('reads an article inside @graph and resolves @id references', () => {
    const a = articleFromJsonLd([
      ld({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebPage', '@id': 'p', name: 'Page | Site' },
          { '@type': 'NewsArticle', headline: 'H', author: { '@id': '#jane' }, publisher: { '@id': '#org' }, datePublished: '2020-01-02T03:04:05Z' },
          { '@type': 'Person', '@id': '#jane', name: 'Jane Doe', url: 'https://example.com/jane' },
          { '@type': 'Organization', '@id': '#org', name: 'Example News' },
          { '@type': 'WebSite', name: 'Example' },
        ],
      }),
    ]);
    expect(a).toMatchObject({ type: 'NewsArticle', headline: 'H', publisherName: 'Example News', siteName: 'Example', datePublished: '2020-01-02T03:04:05Z' });
    expect(a?.authors).toEqual([{ name: 'Jane Doe', url: 'https://example.com/jane' }]);
  });

  it.each([
    ['a string', 'Jane Doe', ['Jane Doe']],
    ['an object', { '@type': 'Person', name: 'Jane Doe' }, ['Jane Doe']],
    ['an array', [{ name: 'Jane Doe' }, 'John Roe'], ['Jane Doe', 'John Roe']],
    ['given and family names', { givenName: 'Jane', familyName: 'Doe' }, ['Jane Doe']],
    ['entities inside JSON', 'Lindsey O&#8217;Donnell', ['Lindsey O’Donnell']],
  ])('takes the author as %s', (_label, author, names) => {
    const a = articleFromJsonLd([ld({ '@type': 'Article', headline: 'H', author })]);
    expect(a?.authors.map((x) => x.name)).toEqual(names);
  });

  it.each([
    ['a string', 'https://e.com/a.jpg', { url: 'https://e.com/a.jpg' }],
    ['an object', { '@type': 'ImageObject', url: 'https://e.com/a.jpg', width: 800, height: '600' }, { url: 'https://e.com/a.jpg', width: 800, height: 600 }],
    ['an array', ['https://e.com/a.jpg', 'https://e.com/b.jpg'], { url: 'https://e.com/a.jpg' }],
  ])('takes the image as %s', (_label, image, expected) => {
    expect(articleFromJsonLd([ld({ '@type': 'BlogPosting', image })])?.image).toEqual(expected);
  });

  it.each([
    ['ReportageNews', 'ReportageNews'],
    [['NewsArticle', 'AnalysisNewsArticle'], 'NewsArticle'],
    ['LiveBlogPosting', 'LiveBlogPosting'],
    ['http://schema.org/Article', 'Article'],
  ])('accepts @type %j', (type, expected) => {
    expect(articleFromJsonLd([ld({ '@type': type, headline: 'H' })])?.type).toBe(expected);
  });

  it('prefers an article over a WebPage and ignores broken scripts', () => {
    const a = articleFromJsonLd(['{ broken', ld([{ '@type': 'WebPage', name: 'P' }, { '@type': 'Article', headline: 'A' }])]);
    expect(a?.headline).toBe('A');
  });

  it('survives raw newlines inside strings (invalid JSON that CMSes emit)', () => {
    expect(articleFromJsonLd(['{"@type":"Article","headline":"Line one\nline two"}'])?.headline).toBe('Line one line two');
  });
});

const page = (head: string, body: string): string => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const story = '<article><h1>Headline of the story</h1><p>' + 'Body text of the story, long enough to be content. '.repeat(8) + '</p></article>';

describe('publication date evidence, best first', () => {
  it.each([
    ['JSON-LD', '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-05-01T10:00:00Z"}</script><meta property="article:published_time" content="2020-01-01T00:00:00Z">', '', '2021-05-01T10:00:00.000Z', 'jsonld'],
    ['article:published_time', '<meta property="article:published_time" content="2021-05-01T12:00:00+02:00">', '', '2021-05-01T10:00:00.000Z', 'meta:article:published_time'],
    ['parsely-pub-date', '<meta name="parsely-pub-date" content="2021-05-01T10:00:00Z">', '', '2021-05-01T10:00:00.000Z', 'meta:parsely-pub-date'],
    ['sailthru.date', '<meta name="sailthru.date" content="2021-05-01 10:00:00">', '', '2021-05-01T10:00:00.000Z', 'meta:sailthru.date'],
    ['DC.date.issued', '<meta name="DC.date.issued" content="2021-05-01">', '', '2021-05-01T00:00:00.000Z', 'meta:dc.date.issued'],
    ['microdata', '', '<span itemprop="datePublished" content="2021-05-01T10:00:00Z">May 1</span>', '2021-05-01T10:00:00.000Z', 'microdata'],
    ['<time datetime> in the article', '', '<article><h1>Headline of the story</h1><time datetime="2021-05-01T10:00:00Z">May 1, 2021</time></article>', '2021-05-01T10:00:00.000Z', 'time'],
    ['a short date line under the headline', '', '<article><h1>Headline of the story</h1><div class="post-meta">Posted 1. Mai 2021</div></article>', '2021-05-01T00:00:00.000Z', 'headline'],
    ['a date-classed byline away from the headline', '', '<article><h1>Headline of the story</h1><p>' + 'Long lead paragraph of the story that runs on and on. '.repeat(5) + '</p><footer><span class="entry-date">May 1, 2021</span></footer></article>', '2021-05-01T00:00:00.000Z', 'byline'],
  ])('%s', (_label, head, body, publishedAt, source) => {
    const a = extractArticle(page(head, body + story));
    expect(a.publishedAt).toBe(publishedAt);
    expect(a.extraction.dateSource).toBe(source);
  });

  it('takes the date from the URL path last', () => {
    const a = extractArticle(page('', story), { url: 'https://example.com/2019/03/08/story/' });
    expect([a.publishedAt, a.extraction.dateSource]).toEqual(['2019-03-08T00:00:00.000Z', 'url']);
  });

  it('never takes a top-bar "today" widget as the publication date', () => {
    const top = '<div class="td-header-top-menu"><div class="td_data_time">Wednesday, July 24, 2024</div></div>';
    const a = extractArticle(page('', top + story));
    expect(a.publishedAt).toBeUndefined();
    expect(a.headerDate).toBe('2024-07-24T00:00:00.000Z');
  });

  it('ignores dates of sidebar teasers', () => {
    const side = '<aside class="sidebar"><ul><li><a href="/x">Other story</a> <span class="post-date">March 2, 2020</span></li></ul></aside>';
    expect(extractArticle(page('', story + side)).publishedAt).toBeUndefined();
  });
});

describe('title, url, site and language', () => {
  it('drops the site suffix of <title> when no heading confirms it', () => {
    const a = extractArticle(page('<title>Rates rise again | Example Times</title><meta property="og:site_name" content="Example Times">', '<p>x</p>'));
    expect(a.title).toBe('Rates rise again');
  });

  it('prefers the visible headline that is a part of <title> over the site name', () => {
    const head = '<title>Nordish » Laufen im Winter: Von „bäh!“ zu „yeah!“</title>';
    const body = '<header class="site-header"><h1 class="logo"><a href="/">Nordish</a></h1></header><article><h2 class="entry-title">Laufen im Winter: Von „bäh!“ zu „yeah!“</h2><p>Text.</p></article>';
    expect(extractArticle(page(head, body)).title).toBe('Laufen im Winter: Von „bäh!“ zu „yeah!“');
  });

  it('anchors on the h1 the metadata confirms, not on a popup h1 that comes first', () => {
    const head = '<meta property="og:title" content="Expert*innen in der Krise">';
    const body = '<div class="donation-modal"><h1>While you are here…</h1></div><article><h1 class="entry-title">Expert*innen in der Krise</h1><span class="author vcard"><a rel="author" href="/author/hs/">Heiko Sauer</a></span>' + story.slice(9);
    const a = extractArticle(page(head, body));
    expect(a.title).toBe('Expert*innen in der Krise');
    expect(a.authors.map((x) => x.name)).toEqual(['Heiko Sauer']);
  });

  it('takes rel=canonical without tracking parameters, and og:locale when <html lang> is missing', () => {
    const a = extractArticle(page('<link rel="canonical" href="/a/b?utm_source=x&id=3"><meta property="og:locale" content="fr_FR">', story), { url: 'https://example.com/amp/a/b' });
    expect(a.url).toBe('https://example.com/a/b?id=3');
    expect(a.siteUrl).toBe('https://example.com/');
    expect(a.language).toBe('fr-FR');
  });

  it('ignores a canonical pointing at the home page of a deeper page', () => {
    const a = extractArticle(page('<link rel="canonical" href="https://example.com/">', story), { url: 'https://example.com/news/story-1' });
    expect(a.url).toBe('https://example.com/news/story-1');
  });

  it.each([
    ['meta author', '<meta name="author" content="Jane Doe">', '', ['Jane Doe']],
    ['article:author URL is not a name', '<meta property="article:author" content="https://facebook.com/jd">', '', []],
    ['microdata author', '', '<span itemprop="author" itemscope><span itemprop="name">Jane Doe</span></span>', ['Jane Doe']],
    ['rel=author link', '', '<article><h1>Headline of the story</h1><a rel="author" href="/author/jd">Jane Doe</a></article>', ['Jane Doe']],
    ['byline element', '', '<article><h1>Headline of the story</h1><p class="byline">By Jane Doe and John Roe</p></article>', ['Jane Doe', 'John Roe']],
    ['a desk named in JSON-LD (kept)', '<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"HSToday Staff"}}</script>', '', ['HSToday Staff']],
    ['a desk in a scraped byline (dropped)', '', '<article><h1>Headline of the story</h1><p class="byline">By Staff Reporter</p></article>', []],
    ['the site signing in meta author (dropped)', '<meta name="author" content="Example News"><meta property="og:site_name" content="Example News">', '', []],
  ])('authors from %s', (_label, head, body, names) => {
    expect(extractArticle(page(head, body + story)).authors.map((a) => a.name)).toEqual(names);
  });
});
