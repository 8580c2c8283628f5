import { describe, expect, it } from 'vitest';
import type { ArticleDraft } from '../../../src/model/article.js';
import { normalizeDraft, normalizeLanguage } from '../../../src/normalize/index.js';

const draft = (over: Partial<ArticleDraft>): ArticleDraft => ({ title: '', authors: [], categories: [], enclosures: [], wordCount: 0, ...over });

describe('normalizeDraft', () => {
  it('cleans every field and sanitizes the body last', () => {
    const out = normalizeDraft(
      draft({
        url: '/2024/story?utm_source=rss&id=7#top',
        guid: '  guid-1 ',
        title: 'Big &amp; <b>bold</b> story - Example News',
        contentHtml: '<p>First <a href="more">para</a>.</p><script>x()</script><p>Second para.</p>',
        authors: [{ name: 'By Jane Doe' }, { name: 'jane doe', url: '/staff/jane' }, { name: '  ' }, { name: '<b>Bob</b>', email: 'mailto:bob@example.com' }],
        categories: [' Politics ', 'politics', '', 'World'],
        image: { url: 'img/lead.jpg?utm_medium=x', alt: ' Lead &amp; image ', width: 640.4, height: -1 },
        enclosures: [{ url: 'javascript:alert(1)', type: 'audio/mpeg' }, { url: '/a.mp3', type: 'Audio/MPEG', length: 123 }, { url: '/a.mp3', type: 'audio/mpeg' }],
        publishedAt: 'Tue, 05 Mar 2024 09:15:00 -0500',
        updatedAt: 'garbage',
        language: 'EN_us',
      }),
      { baseUrl: 'https://news.example/feed.xml', siteName: 'Example News' },
    );
    expect(out).toEqual({
      url: 'https://news.example/2024/story?id=7',
      guid: 'guid-1',
      title: 'Big & bold story',
      summary: 'First para.\n\nSecond para.'.replace(/\s+/g, ' '),
      contentHtml: '<p>First <a href="https://news.example/2024/more" rel="noopener noreferrer">para</a>.</p><p>Second para.</p>',
      contentText: 'First para.\n\nSecond para.',
      wordCount: 4,
      authors: [{ name: 'Jane Doe', url: 'https://news.example/staff/jane' }, { name: 'Bob', email: 'bob@example.com' }],
      categories: ['Politics', 'World'],
      image: { url: 'https://news.example/2024/img/lead.jpg', alt: 'Lead & image', width: 640 },
      enclosures: [{ url: 'https://news.example/a.mp3', type: 'audio/mpeg', length: 123 }],
      publishedAt: '2024-03-05T14:15:00.000Z',
      language: 'en-US',
      siteName: 'Example News',
    });
  });

  it('takes the title from the text start when missing', () => {
    const out = normalizeDraft(draft({ contentText: 'The bridge reopens Friday morning after two weeks of repairs to the deck and the railings on both sides.' }));
    expect(out.title).toBe('The bridge reopens Friday morning after two weeks of repairs to the deck and…');
    expect(out.summary).toBe('The bridge reopens Friday morning after two weeks of repairs to the deck and the railings on both sides.');
  });

  it('caps the summary at 500 characters on a word boundary', () => {
    const out = normalizeDraft(draft({ title: 't', summary: `<p>${'lorem ipsum '.repeat(80)}</p>` }));
    expect(out.summary?.length).toBeLessThanOrEqual(500);
    expect(out.summary?.endsWith('…')).toBe(true);
  });

  it('keeps a given contentText (HTML in it is read as HTML)', () => {
    expect(normalizeDraft(draft({ title: 't', contentHtml: '<p>a</p>', contentText: 'given\ntext' })).contentText).toBe('given\ntext');
    expect(normalizeDraft(draft({ title: 't', contentText: '<p>one</p><p>two</p>' })).contentText).toBe('one\n\ntwo');
  });

  it('drops an invalid url and image, bogus dates and an empty body', () => {
    const out = normalizeDraft(draft({ title: 'x', url: 'javascript:alert(1)', image: { url: 'data:image/png;base64,AAAA' }, publishedAt: '1970-01-01T00:00:00Z', contentHtml: '<script>x</script>' }));
    expect(out).toEqual({ title: 'x', authors: [], categories: [], enclosures: [], wordCount: 0 });
  });

  it('resolves the body against contentBaseUrl (Atom xml:base) before the item URL', () => {
    const out = normalizeDraft(draft({ title: 't', url: 'https://a.example/post', contentHtml: '<img src="i.png">' }), { contentBaseUrl: 'https://cdn.example/base/' });
    expect(out.contentHtml).toBe('<img src="https://cdn.example/base/i.png" />');
  });
});

describe('normalizeLanguage', () => {
  it.each([
    ['en', 'en'],
    ['EN', 'en'],
    ['en-us', 'en-US'],
    ['en_GB', 'en-GB'],
    ['zh-hant-tw', 'zh-Hant-TW'],
    ['es-419', 'es-419'],
    ['sr-Latn', 'sr-Latn'],
    [' de-AT ', 'de-AT'],
    ['not a language', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (input, expected) => {
    expect(normalizeLanguage(input)).toBe(expected);
  });
});
