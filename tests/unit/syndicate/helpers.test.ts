/** Table tests for the syndicate stage's pure helpers. */
import { describe, expect, it } from 'vitest';
import { firstValidDate, rfc3339, rfc822, validDate } from '../../../src/syndicate/dates.js';
import { contentTypeOf, feedUrl, FEED_FORMATS, strongEtag } from '../../../src/syndicate/index.js';
import { cdata, escapeXmlAttr, escapeXmlText, forXmlJs, isEmail, languageTag, truncate, xmlSafe } from '../../../src/syndicate/text.js';
import { canonicalUri, httpUrl } from '../../../src/syndicate/urls.js';

describe('feedUrl / contentTypeOf', () => {
  it.each([
    ['http://localhost:8080', 'tech', 'rss', 'http://localhost:8080/feeds/tech.rss'],
    ['http://localhost:8080/', 'tech', 'atom', 'http://localhost:8080/feeds/tech.atom'],
    ['https://x.example.com/base', 'a b', 'json', 'https://x.example.com/base/feeds/a%20b.json'],
  ] as const)('feedUrl(%s, %s, %s) = %s', (base, id, format, expected) => {
    expect(feedUrl(base, id, format)).toBe(expected);
  });

  it.each([
    ['rss', 'application/rss+xml; charset=utf-8'],
    ['atom', 'application/atom+xml; charset=utf-8'],
    ['json', 'application/feed+json; charset=utf-8'],
  ] as const)('contentTypeOf(%s) = %s', (format, type) => {
    expect(contentTypeOf(format)).toBe(type);
  });

  it('FEED_FORMATS lists the three formats', () => {
    expect(FEED_FORMATS).toEqual(['rss', 'atom', 'json']);
  });
});

describe('strongEtag', () => {
  it.each([
    ['', '"47DEQpj8HBSa-_TImW-5JCeuQeR"'],
    ['hello', '"LPJNul-wow4m6DsqxbninhsWHlw"'],
  ])('strongEtag(%j) = %s', (body, tag) => {
    expect(strongEtag(body)).toBe(tag);
  });

  it('is the same for a string and its UTF-8 bytes, and quoted', () => {
    expect(strongEtag('é🎉')).toBe(strongEtag(Buffer.from('é🎉', 'utf8')));
    expect(strongEtag('x')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });
});

describe('text escaping', () => {
  it.each([
    ['a\u0000b\u0001c\u0008d\u000be\u000cf', 'abcdef'],
    ['tab\tnl\ncr\r', 'tab\tnl\ncr\r'],
    ['del\u007f c1\u0080\u009f fffd\ufffd fffe\ufffe ffff\uffff', 'del c1 fffd fffe ffff'],
    ['lone\ud800 pair\ud83c\udf89', 'lone pair🎉'],
    ['nonchar\ufdd0 ok\u00a0', 'nonchar ok\u00a0'],
  ])('xmlSafe(%j) = %j', (input, expected) => {
    expect(xmlSafe(input)).toBe(expected);
  });

  it.each([
    ['AT&T <b> x>y', 'AT&#x26;T &#x3C;b&#x3E; x&#x3E;y'],
    ['"quotes" \'apos\'', '"quotes" \'apos\''],
  ])('escapeXmlText(%j) = %j', (input, expected) => {
    expect(escapeXmlText(input)).toBe(expected);
  });

  it.each([
    ['a&b<c>"d"', 'a&amp;b&lt;c&gt;&quot;d&quot;'],
    ['tab\there\nnl', 'tab&#x9;here&#xA;nl'],
  ])('escapeXmlAttr(%j) = %j', (input, expected) => {
    expect(escapeXmlAttr(input)).toBe(expected);
  });

  it.each([
    ['plain', '<![CDATA[plain]]>'],
    ['a]]>b]]>c', '<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>c]]>'],
  ])('cdata(%j) = %j', (input, expected) => {
    expect(cdata(input)).toBe(expected);
  });

  it.each([
    ['Q&amp;A  and\n more', 'Q&amp;amp;A and more'],
    ['R&D', 'R&D'],
  ])('forXmlJs(%j) = %j', (input, expected) => {
    expect(forXmlJs(input)).toBe(expected);
  });

  it.each([
    ['short', 10, 'short'],
    ['one two three four five', 12, 'one two…'],
    ['abcdefghijklmnop', 8, 'abcdefg…'],
    ['ab 🎉🎉🎉🎉', 6, 'ab 🎉…'],
    ['abcd🎉🎉', 6, 'abcd…'],
  ])('truncate(%j, %d) = %j', (input, max, expected) => {
    expect(truncate(input, max)).toBe(expected);
  });

  it.each([
    ['jane@example.com', true],
    ["o'brien+tag@mail.example.co.uk", true],
    ['jane@localhost', false],
    ['not an email', false],
    [undefined, false],
  ])('isEmail(%j) = %s', (input, expected) => {
    expect(isEmail(input)).toBe(expected);
  });

  it.each([
    ['en', 'en'],
    ['EN-us', 'en-US'],
    ['zh_hant_tw', 'zh-Hant-TW'],
    ['und', undefined],
    ['english', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('languageTag(%j) = %j', (input, expected) => {
    expect(languageTag(input)).toBe(expected);
  });
});

describe('URLs', () => {
  it.each([
    ['https://Example.COM:443/a b?q=1|2#x', undefined, 'https://example.com/a%20b?q=1%7C2#x'],
    ['/rel/path', 'https://example.com/a/b', 'https://example.com/rel/path'],
    ['../up.png', 'https://example.com/a/b/c', 'https://example.com/a/up.png'],
    ['//cdn.example.com/x', 'https://example.com/', 'https://cdn.example.com/x'],
    ['https://bücher.example/ü', undefined, 'https://xn--bcher-kva.example/%C3%BC'],
    ['https://example.com/100%/x', undefined, 'https://example.com/100%25/x'],
    ['javascript:alert(1)', 'https://example.com/', undefined],
    ['mailto:a@example.com', undefined, undefined],
    ['ftp://example.com/f', undefined, undefined],
    ['not a url', undefined, undefined],
    ['relative', undefined, undefined],
    [undefined, undefined, undefined],
  ])('httpUrl(%j, %j) = %j', (input, base, expected) => {
    expect(httpUrl(input, base)).toBe(expected);
  });

  it.each([
    ['http://Example.com:80/a/./b/../c', 'http://example.com/a/c'],
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/%7euser/%41', 'https://example.com/~user/A'],
    ['https://example.com/a%3Ab%2fc', 'https://example.com/a%3Ab%2Fc'],
    ['https://example.com/?q=a%26b&x=%2f', 'https://example.com/?q=a%26b&x=%2F'],
    ['https://example.com/path?', 'https://example.com/path?'],
    ['https://example.com/p#', 'https://example.com/p#'],
    ['https://www.example.com./x', 'https://www.example.com/x'],
    ['https://example.com/%FF', undefined],
    ['https://example.com/%2541', undefined],
    ['https://[::1]/x', undefined],
  ])('canonicalUri(%j) = %j', (input, expected) => {
    expect(canonicalUri(input)).toBe(expected);
  });
});

describe('dates', () => {
  it.each([
    ['2024-05-01T09:30:00Z', '2024-05-01T09:30:00.000Z'],
    ['2024-05-01T09:30:00+02:00', '2024-05-01T07:30:00.000Z'],
    ['garbage', undefined],
    ['2024-13-01T00:00:00Z', undefined],
    ['+010000-01-01T00:00:00Z', undefined],
    [undefined, undefined],
  ])('validDate(%j) = %j', (input, expected) => {
    expect(validDate(input)?.toISOString()).toBe(expected);
  });

  it('firstValidDate skips invalid values', () => {
    expect(firstValidDate('x', undefined, '2024-01-02T00:00:00Z')?.toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(firstValidDate('x', undefined)).toBeUndefined();
  });

  it.each([
    ['2024-05-01T09:30:00.123Z', 'Wed, 01 May 2024 09:30:00 GMT', '2024-05-01T09:30:00Z'],
    ['1999-12-31T23:59:59Z', 'Fri, 31 Dec 1999 23:59:59 GMT', '1999-12-31T23:59:59Z'],
  ])('%s → RFC 822 %s, RFC 3339 %s', (iso, r822, r3339) => {
    expect(rfc822(new Date(iso))).toBe(r822);
    expect(rfc3339(new Date(iso))).toBe(r3339);
  });
});
