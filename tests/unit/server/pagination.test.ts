/** Page query parsing, opaque cursors and paging of in-memory arrays (the sorted-set pager runs on Redis in tests/integration/api). */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/server/errors.js';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, decodeCursor, encodeCursor, pageArray, parsePageQuery } from '../../../src/server/pagination.js';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return `${err.status} ${err.code} ${err.message}`;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('parsePageQuery', () => {
  it.each([
    [{}, { limit: DEFAULT_PAGE_LIMIT }],
    [{ limit: '1' }, { limit: 1 }],
    [{ limit: String(MAX_PAGE_LIMIT) }, { limit: MAX_PAGE_LIMIT }],
    [{ limit: ['5', '7'] }, { limit: 7 }],
    [{ limit: '20', cursor: 'eyJvIjoyMH0' }, { limit: 20, cursor: 'eyJvIjoyMH0' }],
  ])('%j → %j', (query, want) => {
    expect(parsePageQuery(query)).toEqual(want);
  });

  it.each([
    [{ limit: '0' }, '400 BAD_REQUEST limit: must be between 1 and 1000'],
    [{ limit: '1001' }, '400 BAD_REQUEST limit: must be between 1 and 1000'],
    [{ limit: 'ten' }, '400 BAD_REQUEST limit: must be a whole number'],
    [{ limit: '-1' }, '400 BAD_REQUEST limit: must be a whole number'],
    [{ cursor: 'not a cursor!' }, '400 BAD_REQUEST cursor: is not a cursor this API issued'],
  ])('%j is refused naming the field', (query, message) => {
    expect(failure(() => parsePageQuery(query))).toBe(message);
  });
});

describe('cursors', () => {
  const isPos = (v: unknown): v is { s: number } => typeof (v as { s?: unknown })?.s === 'number';
  it('round-trips a position through base64url', () => {
    const c = encodeCursor({ s: 1.5, m: 'a/b?c' });
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, isPos)).toEqual({ s: 1.5, m: 'a/b?c' });
  });
  it.each([['bm90IGpzb24'], [encodeCursor({ other: 1 })], [encodeCursor(null)]])('refuses %s', (c) => {
    expect(failure(() => decodeCursor(c, isPos))).toBe('400 BAD_REQUEST cursor: is not a cursor this API issued');
  });
});

describe('pageArray', () => {
  const items = Array.from({ length: 25 }, (_, i) => i);
  it('walks every item once, then stops', () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = pageArray(items, cursor ? { limit: 10, cursor } : { limit: 10 });
      expect(page.total).toBe(25);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(items);
    expect(pages).toBe(3);
  });
  it('has no next cursor when everything fits', () => {
    expect(pageArray(items, { limit: 25 }).nextCursor).toBeUndefined();
    expect(pageArray([], { limit: 10 })).toEqual({ items: [], total: 0 });
  });
});
