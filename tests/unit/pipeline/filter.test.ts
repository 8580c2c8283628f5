import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/model/article.js';
import type { FeedFilter } from '../../../src/model/source.js';
import { matchesFilter, onePerCluster } from '../../../src/pipeline/filter.js';

function article(over: Partial<Article>): Article {
  return {
    id: 'a1',
    url: 'https://example.com/a1',
    sourceId: 'wire',
    title: 'Storm knocks out power',
    contentText: 'Thousands without power after the storm.',
    authors: [],
    categories: ['Weather'],
    enclosures: [],
    wordCount: 6,
    fetchedAt: '2026-01-01T00:00:00.000Z',
    contentHash: 'h',
    fingerprint: '0000000000000000',
    clusterId: 'a1',
    language: 'en-US',
    ...over,
  };
}

describe('matchesFilter', () => {
  it.each<[string, FeedFilter, boolean]>([
    ['empty filter', {}, true],
    ['source listed', { sources: ['wire'] }, true],
    ['source not listed', { sources: ['other'] }, false],
    ['category case-insensitive', { categories: ['weather'] }, true],
    ['category missing', { categories: ['sports'] }, false],
    ['language prefix', { language: 'en' }, true],
    ['language exact', { language: 'en-us' }, true],
    ['language other', { language: 'de' }, false],
    ['include keyword in body', { include: ['THOUSANDS'] }, true],
    ['include keyword absent', { include: ['earthquake'] }, false],
    ['exclude keyword in title', { exclude: ['storm'] }, false],
    ['exclude keyword absent', { exclude: ['earthquake'] }, true],
  ])('%s', (_name, filter, expected) => {
    expect(matchesFilter(filter, article({}))).toBe(expected);
  });
});

describe('onePerCluster', () => {
  it('keeps one article per cluster, preferring the cluster founder, in order', () => {
    const list = [
      article({ id: 'b', clusterId: 'a' }),
      article({ id: 'x', clusterId: 'x' }),
      article({ id: 'a', clusterId: 'a' }),
      article({ id: 'c', clusterId: 'a' }),
    ];
    expect(onePerCluster(list).map((a) => a.id)).toEqual(['x', 'a']);
  });
  it('keeps the newest member when the founder is not in the list', () => {
    const list = [article({ id: 'b', clusterId: 'a' }), article({ id: 'c', clusterId: 'a' })];
    expect(onePerCluster(list).map((a) => a.id)).toEqual(['b']);
  });
});
