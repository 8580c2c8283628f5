import { describe, expect, it } from 'vitest';
import { decodeArticle, encodeArticle } from '../../../src/store/codec.js';
import type { Article } from '../../../src/model/article.js';

const article = {
  id: 'a1', url: 'https://e.com/a', sourceId: 's', title: 'Café “quotes” 😀', authors: [], categories: [], enclosures: [],
  contentText: 'Storm crews restored power. '.repeat(200), wordCount: 800, fetchedAt: '2026-01-01T00:00:00.000Z',
  contentHash: 'h', fingerprint: '0123456789abcdef', clusterId: 'a1',
} as Article;

describe('article codec', () => {
  it('round-trips and stores text-heavy articles several times smaller', () => {
    const json = JSON.stringify(article);
    const stored = encodeArticle(json);
    expect(decodeArticle(stored)).toEqual(article);
    expect(stored.length * 3).toBeLessThan(Buffer.byteLength(json));
  });
  it('still reads values stored as plain JSON before compression', () => {
    expect(decodeArticle(Buffer.from(JSON.stringify(article)))).toEqual(article);
  });
});
