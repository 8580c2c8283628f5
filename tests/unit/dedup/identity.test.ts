import { describe, expect, it } from 'vitest';
import type { ArticleDraft } from '../../../src/model/article.js';
import { FeedmillError } from '../../../src/model/errors.js';
import { articleIdFor, base32, contentHash, itemFingerprint, normalizeForHash } from '../../../src/dedup/identity.js';

describe('articleIdFor', () => {
  // Ids are public: these values must never change (cross-checked with Python's hashlib + base64.b32encode).
  it.each([
    ['https://example.com/news/2026/rail-plan', 's', undefined, 'peaxwrzyyj7ktxf5ypvcqbzore'],
    ['https://www.reuters.com/world/europe/portugal-rail', 'x', undefined, 's7ud5t3hrwadrtnkrdikzezlju'],
    [undefined, 'reuters', 'tag:reuters.com,2026:newsml_L1N3AB123', 'bbcily6ug4kzpw3gl2zirt3quy'],
  ])('id of (%s, %s, %s) is %s', (url, sourceId, guid, expected) => {
    expect(articleIdFor(url, sourceId, guid)).toBe(expected);
  });

  it('is 26 lowercase base32 characters', () => {
    expect(articleIdFor('https://example.com/a', 's')).toMatch(/^[a-z2-7]{26}$/);
  });

  it('derives from the URL alone: the source and guid do not matter when there is a URL', () => {
    const url = 'https://example.com/a';
    expect(articleIdFor(url, 'one', 'g1')).toBe(articleIdFor(url, 'two', 'g2'));
  });

  it('ignores whitespace around the URL and the guid', () => {
    expect(articleIdFor(' https://example.com/a\n', 's')).toBe(articleIdFor('https://example.com/a', 's'));
    expect(articleIdFor(undefined, 's', ' g ')).toBe(articleIdFor(undefined, 's', 'g'));
  });

  it('scopes guids by source: the same guid in two sources is two articles', () => {
    expect(articleIdFor(undefined, 'a', '123')).not.toBe(articleIdFor(undefined, 'b', '123'));
  });

  it('uses the guid when the URL is empty', () => {
    expect(articleIdFor('', 's', 'g')).toBe(articleIdFor(undefined, 's', 'g'));
  });

  it('does not collide a guid that is a URL with that URL', () => {
    const url = 'https://example.com/a';
    expect(articleIdFor(undefined, 's', url)).not.toBe(articleIdFor(url, 's'));
  });

  it('throws a non-retryable EMPTY error when there is neither URL nor guid', () => {
    const err = (() => {
      try {
        articleIdFor(undefined, 's', '  ');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(FeedmillError);
    expect(err).toMatchObject({ code: 'EMPTY', stage: 'normalize', retryable: false });
  });
});

describe('base32', () => {
  // RFC 4648 §10 test vectors, lowercased and unpadded.
  it.each([
    ['', ''],
    ['f', 'my'],
    ['fo', 'mzxq'],
    ['foo', 'mzxw6'],
    ['foob', 'mzxw6yq'],
    ['fooba', 'mzxw6ytb'],
    ['foobar', 'mzxw6ytboi'],
  ])('base32(%j) = %j', (input, expected) => {
    expect(base32(Buffer.from(input))).toBe(expected);
  });
});

describe('contentHash', () => {
  it('is the hex SHA-256 of the normalized text', () => {
    // sha256("hello world")
    expect(contentHash('Hello, world!')).toBe('b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9');
  });

  it.each([
    ['whitespace and line wrapping', 'The quick brown fox\njumps  over\tthe lazy dog.', 'The quick brown fox jumps over the lazy dog.'],
    ['case', 'THE QUICK BROWN FOX', 'the quick brown fox'],
    ['curly vs straight quotes', '“It’s done,” she said.', '"It\'s done," she said.'],
    ['full-width forms (NFKC)', 'ＡＢＣ １２３', 'ABC 123'],
    ['composed vs decomposed accents (NFKC)', 'Caf\u00e9 in S\u00e3o Paulo', 'Cafe\u0301 in Sa\u0303o Paulo'],
    ['soft hyphens and zero-width spaces', 'infor\u00admation\u200b age', 'information age'],
    ['non-breaking spaces', 'ten\u00a0million', 'ten million'],
    ['punctuation-only edits', 'Lisbon - Portugal\'s parliament; approved...', 'Lisbon — Portugal’s parliament, approved'],
  ])('hashes the same across %s', (_label, a, b) => {
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it.each([
    ['a changed word', 'the vote passed', 'the vote failed'],
    ['a changed number', 'the plan costs 4.5 billion', 'the plan costs 5.5 billion'],
    ['a dropped accent', 'résumé', 'resume'],
  ])('differs on %s', (_label, a, b) => {
    expect(contentHash(a)).not.toBe(contentHash(b));
  });

  it('normalizes to space-separated lowercase word tokens', () => {
    expect(normalizeForHash('  Hello,\n\nWORLD! ')).toBe('hello world');
  });
});

describe('itemFingerprint', () => {
  const base: ArticleDraft = {
    url: 'https://example.com/a',
    guid: 'g1',
    title: 'Rail plan approved',
    summary: 'Parliament approved the plan.',
    contentHtml: '<p>Parliament approved the plan.</p>',
    contentText: 'Parliament approved the plan.',
    authors: [{ name: 'Ana Silva' }],
    publishedAt: '2026-03-05T14:32:00.000Z',
    categories: ['Europe', 'Transport'],
    image: { url: 'https://example.com/a.jpg', alt: 'A train' },
    enclosures: [{ url: 'https://example.com/a.mp3', type: 'audio/mpeg', length: 1000 }],
    wordCount: 4,
  };
  const fp = itemFingerprint(base);

  it('is a 64-char hex digest and stable', () => {
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(itemFingerprint({ ...base })).toBe(fp);
  });

  it.each<[string, Partial<ArticleDraft>]>([
    ['title', { title: 'Rail plan approved by parliament' }],
    ['url', { url: 'https://example.com/b' }],
    ['contentHtml', { contentHtml: '<p>Parliament approved the plan on Thursday.</p>' }],
    ['contentText', { contentText: 'Parliament approved it.' }],
    ['summary', { summary: 'Approved.' }],
    ['publishedAt', { publishedAt: '2026-03-05T15:00:00.000Z' }],
    ['updatedAt', { updatedAt: '2026-03-05T16:00:00.000Z' }],
    ['authors', { authors: [{ name: 'Ana Silva' }, { name: 'John Smith' }] }],
    ['author order', { authors: [{ name: 'John Smith' }, { name: 'Ana Silva' }] }],
    ['categories', { categories: ['Europe'] }],
    ['image', { image: { url: 'https://example.com/b.jpg', alt: 'A train' } }],
    ['image removed', { image: undefined }],
    ['enclosures', { enclosures: [{ url: 'https://example.com/a.mp3', type: 'audio/mpeg', length: 2000 }] }],
  ])('changes when %s changes', (_field, patch) => {
    expect(itemFingerprint({ ...base, ...patch })).not.toBe(fp);
  });

  it.each<[string, Partial<ArticleDraft>]>([
    ['whitespace of a re-serialized feed', { contentHtml: '<p>Parliament approved\n   the plan.</p>', title: ' Rail plan  approved ' }],
    ['category order and repeats', { categories: ['Transport', 'Europe', 'Europe'] }],
    ['guid (identity, not content)', { guid: 'g2' }],
    ['wordCount (derived)', { wordCount: 99 }],
  ])('ignores %s', (_label, patch) => {
    expect(itemFingerprint({ ...base, ...patch })).toBe(fp);
  });

  it('treats an absent field like an empty one', () => {
    expect(itemFingerprint({ ...base, summary: '' })).toBe(itemFingerprint({ ...base, summary: undefined }));
  });
});
