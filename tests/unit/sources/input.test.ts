/** Runtime sources are validated with the sources.yaml rules; errors name the field. */
import { describe, expect, it } from 'vitest';
import type { Source } from '../../../src/model/source.js';
import { applyPatch, deriveId, parseAddInput, sourceFromEntry } from '../../../src/sources/input.js';

const DEFAULT = 900_000;

describe('source input validation', () => {
  it.each([
    ['https://www.Example.com/feed', 'example-com'],
    ['http://news.bbc.co.uk:8080/rss', 'news-bbc-co-uk'],
    ['http://127.0.0.1:4000/x', '127-0-0-1'],
  ])('derives an id from the host of %s', (url, id) => {
    expect(deriveId(url)).toBe(id);
  });

  it.each([
    [{ url: 'not a url' }, /^url: must be an absolute http\(s\) URL/],
    [{ url: 'https://a.example/', type: 'rss' }, /^type: /],
    [{ url: 'https://a.example/', interval: 'soon' }, /^interval: not a duration/],
    [{ url: 'https://a.example/', id: 'bad id!' }, /^id: must be 1-64 letters/],
    [{ url: 'https://a.example/', colour: 'red' }, /colour/],
    [{}, /^url: /],
  ])('refuses %j', (input, message) => {
    expect(() => parseAddInput(input)).toThrow(message);
    try {
      parseAddInput(input);
    } catch (err) {
      expect(err).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    }
  });

  it('applies the sources.yaml defaults and the interval floor', () => {
    const entry = parseAddInput({ url: 'https://a.example/news', type: 'html', categories: ['x'] });
    expect(sourceFromEntry({ ...entry, id: 'a' }, DEFAULT)).toEqual({
      id: 'a', url: 'https://a.example/news', type: 'html', intervalMs: DEFAULT, adaptive: true, fullText: true, categories: ['x'], headers: {},
    });
    expect(() => sourceFromEntry({ ...parseAddInput({ url: 'https://a.example/', interval: '10s' }), id: 'a' }, DEFAULT)).toThrow(/^interval: at least 30s/);
  });

  it('validates a patch as a whole entry: null clears, id cannot change, a feed again drops forced full text', () => {
    const src: Source = { id: 'a', url: 'https://a.example/news', type: 'html', intervalMs: 3_600_000, adaptive: false, fullText: true, rules: 'r', categories: [], headers: { 'x-key': 'k' } };
    expect(applyPatch(src, { interval: null, rules: null }, DEFAULT)).toMatchObject({ adaptive: true, intervalMs: DEFAULT, headers: { 'x-key': 'k' } });
    expect(applyPatch(src, { interval: '2h' }, DEFAULT)).toMatchObject({ intervalMs: 7_200_000, rules: 'r' });
    expect(applyPatch(src, { type: 'feed' }, DEFAULT)).toMatchObject({ type: 'feed', fullText: false });
    expect(() => applyPatch(src, { id: 'b' }, DEFAULT)).toThrow(/^id: cannot be changed/);
    expect(() => applyPatch(src, { url: 'nope' }, DEFAULT)).toThrow(/^url: /);
    expect(() => applyPatch(src, [], DEFAULT)).toThrow(/must be an object/);
  });
});
