/** Pending items keep their body fields' JSON text, and the stored article reuses it without changing its value. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/model/article.js';
import { articleJson, readWithBodies, writeWithBodies } from '../../../src/store/body-json.js';

const article: Article = {
  id: 'peaxwrzyyj7ktxf5ypvcqbzore',
  url: 'https://example.com/a',
  sourceId: 's',
  title: 'Rail plan "approved"',
  summary: 'Line one\nline two',
  contentHtml: '<p class="x">Parliament \\ approved</p>\n<p>\u2028 😀 \uD800 \u0001</p>',
  contentText: 'Parliament approved.\n\nSecond.',
  authors: [{ name: 'Ana' }],
  categories: [],
  enclosures: [],
  wordCount: 3,
  fetchedAt: '2026-03-05T12:00:00.000Z',
  contentHash: 'a'.repeat(64),
  fingerprint: '0123456789abcdef',
  clusterId: 'peaxwrzyyj7ktxf5ypvcqbzore',
};

describe('body JSON lines', () => {
  it('round-trips any body text, line breaks and lone surrogates included', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ unit: 'binary' })), fc.option(fc.string({ unit: 'binary' })), fc.option(fc.string()), (h, t, s) => {
        const values = { ...(h === null ? {} : { contentHtml: h }), ...(t === null ? {} : { contentText: t }), ...(s === null ? {} : { summary: s }) };
        const back = readWithBodies<{ n: number }>(writeWithBodies({ n: 1 }, values));
        expect(back?.head).toEqual({ n: 1 });
        expect(back?.values).toEqual(JSON.parse(JSON.stringify(values)));
      }),
      { numRuns: 500 },
    );
  });

  it('tells a plain JSON value (an item stored by an earlier version) apart', () => {
    expect(readWithBodies(JSON.stringify({ draft: { contentHtml: '<p>a</p>\n<p>b</p>' } }))).toBeUndefined();
  });
});

describe('articleJson', () => {
  const stored = readWithBodies<unknown>(writeWithBodies({}, article))!;
  const reuse = { values: stored.values, json: stored.json };

  it('is JSON.stringify of the article when the body fields are the ones read', () => {
    const same = { ...article, ...stored.values };
    expect(JSON.parse(articleJson(same, reuse))).toEqual(JSON.parse(JSON.stringify(same)));
  });

  it('writes a changed body field itself, not the text read', () => {
    const changed = { ...article, ...stored.values, contentText: 'Rewritten.' };
    expect(JSON.parse(articleJson(changed, reuse))).toEqual(JSON.parse(JSON.stringify(changed)));
  });

  it('leaves out absent body fields', () => {
    const { summary: _summary, ...noSummary } = { ...article, ...stored.values };
    expect(JSON.parse(articleJson(noSummary, reuse))).toEqual(noSummary);
  });
});
