/** The body: per-site rules, the generic extractor's real-world quirks, and the plain-text path. */
import { describe, expect, it } from 'vitest';
import { isFurnitureLine } from '../../../src/extract/furniture.js';
import { extractArticle, findRules } from '../../../src/extract/index.js';

const para = (n: number): string => `<p>Paragraph ${n} of the story, with enough words, commas, and clauses to read like running text in a news article.</p>`;
const body = (inner: string): string => `<!doctype html><html><head><title>Story</title></head><body><header class="site-header"><nav><a href="/">Home</a><a href="/news">News</a></nav></header>${inner}<footer class="site-footer"><a href="/imprint">Imprint</a> © Example</footer></body></html>`;
const text = (html: string): string => extractArticle(html, { url: 'https://example.com/news/story' }).contentText ?? '';

describe('findRules', () => {
  const rules = { 'example.com': { content: ['.a'] }, 'news.example.org': { content: ['.b'] } };
  it.each([
    ['https://example.com/x', '.a'],
    ['https://www.example.com/x', '.a'],
    ['https://blog.example.com/x', '.a'],
    ['https://news.example.org/x', '.b'],
    ['https://www.news.example.org/x', '.b'],
    ['https://example.org/x', undefined],
    ['https://notexample.com/x', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, selector) => {
    expect(findRules(rules, url)?.content?.[0]).toBe(selector);
  });
});

describe('site rules', () => {
  const html = body(`<div class="story"><p class="kicker">Kicker</p>${para(1)}<div class="promo">Buy now</div>${para(2)}</div><div class="other">${para(3)}${para(4)}${para(5)}</div>`);

  it('take the content selectors over the generic extractor and apply remove selectors', () => {
    const a = extractArticle(html, { rules: { content: ['.story'], remove: ['.promo', '.kicker'] } });
    expect(a.extraction.method).toBe('rules');
    expect(a.contentText).toContain('Paragraph 1');
    expect(a.contentText).not.toMatch(/Buy now|Kicker|Paragraph 3/);
  });

  it('read title, date and author selectors', () => {
    const page = body(`<div class="hl">Ruled headline</div><span class="when" data-x="1">14.04.2015</span><span class="who">Jane Doe</span>${para(1)}`);
    const a = extractArticle(page, { rules: { title: '.hl', date: '.when', author: '.who' } });
    expect([a.title, a.publishedAt, a.authors.map((x) => x.name), a.extraction.dateSource]).toEqual(['Ruled headline', '2015-04-14T00:00:00.000Z', ['Jane Doe'], 'rules']);
  });

  it('fall back to the generic extractor, with a note, when the selectors match nothing or are invalid', () => {
    const a = extractArticle(html, { rules: { content: ['.missing', 'div[['] } });
    expect(a.extraction.method).toBe('generic');
    expect(a.extraction.notes?.join(' ')).toMatch(/content selector/);
  });
});

describe('generic extractor quirks', () => {
  it('keeps lazy images (data-src placeholders and noscript copies)', () => {
    const html = body(`<article>${para(1)}<img src="data:image/gif;base64,R0lGOD" data-src="/img/a.jpg" alt="a"><figure><img class="lazyload" src="/blank.gif"><noscript><img src="/img/b.jpg" alt="b"></noscript><figcaption>Caption b</figcaption></figure>${para(2)}</article>`);
    const a = extractArticle(html, { url: 'https://example.com/news/story' });
    expect(a.contentHtml).toContain('src="https://example.com/img/a.jpg"');
    expect(a.contentHtml).toContain('src="https://example.com/img/b.jpg"');
    expect(a.contentText).toContain('Caption b');
  });

  it('removes an ad slot labelled "- Advertisement -" with its banner', () => {
    const html = body(`<article>${para(1)}<div class="td-a-rec"><span>- Advertisement -</span><a href="/advertise"><img src="/ad.jpg"></a></div>${para(2)}</article>`);
    const a = extractArticle(html, { url: 'https://example.com/news/story' });
    expect(a.contentText).not.toContain('Advertisement');
    expect(a.contentHtml).not.toContain('/ad.jpg');
  });

  it('keeps a keyword link inside a sentence even when its text is a furniture word ("Facebook")', () => {
    const html = body(`<article><p><span class="wp_keywordlink"><a href="/t/facebook">Facebook</a></span> hat sich erstmals zu Plänen des Ministers geäußert, per Gesetz Regeln einzuführen.</p>${para(2)}${para(3)}</article>`);
    expect(text(html)).toContain('Facebook hat sich erstmals');
  });

  it('keeps a subheading whose anchor id looks like navigation (id="nav_…")', () => {
    const html = body(`<article>${para(1)}<h3 class="subheading" id="nav_nur_die_folie__1">Nur die Folie bleibt zurück</h3>${para(2)}</article>`);
    expect(text(html)).toContain('Nur die Folie bleibt zurück');
  });

  it('keeps a content wrapper named after the layout ("sidebar-and-content-body")', () => {
    const html = body(`<div class="article-body"><div class="sidebar-and-content-body">${para(1)}${para(2)}${para(3)}</div></div><aside class="sidebar"><a href="/x">Most popular story</a></aside>`);
    const t = text(html);
    expect(t).toContain('Paragraph 3');
    expect(t).not.toContain('Most popular');
  });

  it('joins an article split over several section containers', () => {
    const section = (n: number): string => `<div class="detail__wrapper"><div class="detail__share"><a href="/s">Teilen</a></div><div class="detail__content">${para(n)}${para(n + 1)}</div></div>`;
    const html = body(`<main><h1>Headline of the split story</h1>${section(1)}${section(3)}${section(5)}</main>`);
    const t = text(html);
    expect(t).toContain('Paragraph 1');
    expect(t).toContain('Paragraph 6');
    expect(t).not.toContain('Teilen');
  });

  it('drops comments, share bars, related lists and photo credits', () => {
    const html = body(`<article>${para(1)}<p>Foto: dpa</p>${para(2)}<div class="share-bar"><a href="#">Share</a><a href="#">Tweet</a></div><div class="related-posts"><h3>Related</h3><ul><li><a href="/a">Another story about something else entirely</a></li><li><a href="/b">Yet another story</a></li></ul></div></article><section id="comments" class="comments-area"><p>First! This comment is long enough to look like a paragraph of running text, sadly.</p></section>`);
    const t = text(html);
    expect(t).toContain('Paragraph 2');
    expect(t).not.toMatch(/Foto: dpa|Share|Another story|First!/);
  });

  it('reads an article whose body sits inside a pasted <html><body> document (nested by the parser)', () => {
    const html = body(`<article><h1>Headline of the nested story</h1><div class="article-content"><html><body>${para(1)}${para(2)}${para(3)}</body></html></div></article><div class="more">${para(9)}</div>`);
    const t = text(html);
    expect(t).toContain('Paragraph 1');
    expect(t).not.toContain('Imprint');
  });

  it('drops WordPress post metadata lines', () => {
    const html = body(`<article>${para(1)}${para(2)}<p class="postmetadata">This entry was posted in News and tagged harbour. Bookmark the permalink.</p></article>`);
    expect(text(html)).not.toContain('This entry was posted');
  });
});

describe('isFurnitureLine', () => {
  it.each([
    ['- Advertisement -', true],
    ['Related Articles', true],
    ['Latest Articles', true],
    ['Share this:', true],
    ['Lesen Sie auch', true],
    ['À lire aussi', true],
    ['Related articles show how the council spent the money.', false],
    ['Advertising revenue fell by a third last year', false],
  ])('%s → %s', (line, expected) => {
    expect(isFurnitureLine(line)).toBe(expected);
  });
});

describe('plain text', () => {
  it('is chosen for text/plain and for input without tags', () => {
    expect(extractArticle('Title line here\n\nA paragraph of text that is long enough to be prose, with a full stop at the end.', {}).extraction.method).toBe('text');
    expect(extractArticle('<p>x</p>', { contentType: 'text/plain' }).extraction.method).toBe('text');
  });

  it('reads header lines, a byline date, the body and footer furniture generically', () => {
    const input = [
      '12°C Berlin', 'Montag, 3. Juni 2024', '', 'Stadtrat beschließt neuen Radweg', 'Von Anna Maier', '14.05.2024', '',
      'Der Stadtrat hat am Dienstagabend mit großer Mehrheit den Bau eines neuen Radwegs entlang der Spree beschlossen, der bis 2026 fertig sein soll.',
      '- Anzeige -',
      'Die Kosten von 4,2 Millionen Euro trägt zu großen Teilen das Land, wie die Verwaltung mitteilte.',
      '', 'Anna Maier', 'Anna Maierhttps://example.de/autoren/anna-maier', 'Anna Maier schreibt seit 2010 über Stadtpolitik.', 'Das könnte Sie auch interessieren',
    ].join('\n');
    const a = extractArticle(input);
    expect(a.title).toBe('Stadtrat beschließt neuen Radweg');
    expect(a.headerDate).toBe('2024-06-03T00:00:00.000Z');
    expect(a.publishedAt).toBe('2024-05-14T00:00:00.000Z');
    expect(a.authors.map((x) => x.name)).toEqual(['Anna Maier']);
    expect(a.siteName).toBeUndefined();
    expect(a.contentText?.split('\n\n')).toEqual([
      'Der Stadtrat hat am Dienstagabend mit großer Mehrheit den Bau eines neuen Radwegs entlang der Spree beschlossen, der bis 2026 fertig sein soll.',
      'Die Kosten von 4,2 Millionen Euro trägt zu großen Teilen das Land, wie die Verwaltung mitteilte.',
    ]);
  });
});

describe('robustness', () => {
  it('survives pages nested thousands of levels deep (unclosed tags)', () => {
    const html = `<html><body>${'<div>'.repeat(20000)}${para(1)}${para(2)}</body></html>`;
    expect(text(html)).toContain('Paragraph 2');
  });

  it.each([[''], ['   '], ['<html></html>'], ['<p>'], ['<script>alert(1)</script>']])('returns an article for degenerate input %j', (input) => {
    const a = extractArticle(input);
    expect(a.authors).toEqual([]);
    expect(a.contentHtml ?? '').not.toContain('<script');
  });
});
