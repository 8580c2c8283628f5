/** Pure pieces of feed serving: content negotiation, conditional requests, query parsing, log redaction. */
import { describe, expect, it } from 'vitest';
import { redactedUrl } from '../../../src/server/feed-access.js';
import { parseFeedQuery, queryKey, type FeedQuery } from '../../../src/server/feed-query.js';
import { chooseCoding, notModified } from '../../../src/server/negotiate.js';
import { decodeCursor, encodeCursor } from '../../../src/pipeline/select.js';

const ALL = { gzip: Buffer.alloc(1), br: Buffer.alloc(1) };

describe('chooseCoding', () => {
  it.each<[string | undefined, object, string]>([
    [undefined, ALL, 'identity'],
    ['', ALL, 'identity'],
    ['gzip', ALL, 'gzip'],
    ['gzip, deflate, br', ALL, 'br'],
    ['gzip, deflate, br, zstd', ALL, 'br'],
    ['br;q=0.5, gzip', ALL, 'gzip'],
    ['br;q=0, gzip;q=0', ALL, 'identity'],
    ['*', ALL, 'br'],
    ['*;q=0.2, gzip;q=0', ALL, 'br'],
    ['identity', ALL, 'identity'],
    ['GZIP', ALL, 'gzip'],
    ['br', {}, 'identity'],
    ['br, gzip', { gzip: Buffer.alloc(1) }, 'gzip'],
    ['deflate', ALL, 'identity'],
  ])('Accept-Encoding %j → %s', (header, available, coding) => {
    expect(chooseCoding(header, available)).toBe(coding);
  });

  it('remembers answers per header and per available codings, never across them', () => {
    const header = 'br, gzip;q=0.9, identity;q=0.1';
    for (let i = 0; i < 2; i++) {
      expect(chooseCoding(header, { gzip: Buffer.alloc(1) })).toBe('gzip');
      expect(chooseCoding(header, ALL)).toBe('br');
      expect(chooseCoding(header, {})).toBe('identity');
    }
    // Many distinct headers (a hostile client) keep the memo bounded and answers right.
    for (let i = 0; i < 600; i++) expect(chooseCoding(`gzip;q=0.${(i % 9) + 1}, x-${i}`, ALL)).toBe('gzip');
    expect(chooseCoding(header, ALL)).toBe('br');
  });
});

describe('notModified', () => {
  const lm = 'Wed, 01 May 2024 10:00:00 GMT';
  it.each<[Record<string, string>, boolean]>([
    [{}, false],
    [{ 'if-none-match': '"abc"' }, true],
    [{ 'if-none-match': 'W/"abc"' }, true],
    [{ 'if-none-match': '"x", "abc"' }, true],
    [{ 'if-none-match': '*' }, true],
    [{ 'if-none-match': '"abc-gzip"' }, false],
    [{ 'if-modified-since': lm }, true],
    [{ 'if-modified-since': 'Wed, 01 May 2024 09:59:59 GMT' }, false],
    [{ 'if-modified-since': 'garbage' }, false],
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    [{ 'if-none-match': '"other"', 'if-modified-since': lm }, false],
  ])('%j → %s', (headers, expected) => {
    expect(notModified(headers, '"abc"', lm)).toBe(expected);
  });
});

describe('parseFeedQuery', () => {
  const ok = (q: Record<string, unknown>) => {
    const r = parseFeedQuery(q, 50);
    if ('error' in r) throw new Error(r.error);
    return r;
  };
  it('no parameters is the plain feed', () => {
    expect(ok({})).toMatchObject({ plain: true, limit: 50, pairs: [] });
  });
  it('unknown parameters and token are ignored', () => {
    expect(ok({ _: '123', token: 'secret', utm_source: 'x' })).toMatchObject({ plain: true, pairs: [] });
  });
  it.each<[Record<string, unknown>, [string, string][], number]>([
    [{ limit: '10' }, [['limit', '10']], 10],
    [{ limit: '500' }, [], 50],
    [{ category: 'Sport,World' }, [['category', 'Sport,World']], 50],
    [{ category: ['World', 'Sport', 'World'] }, [['category', 'Sport,World']], 50],
    [{ q: '  Storm   POWER ' }, [['q', 'storm power']], 50],
    [{ since: '2026-01-31' }, [['since', '2026-01-31T00:00:00.000Z']], 50],
    [{ q: 'x', limit: '5', category: 'a' }, [['category', 'a'], ['limit', '5'], ['q', 'x']], 5],
  ])('%j narrows to %j', (q, pairs, limit) => {
    const r = ok(q);
    expect(r.pairs).toEqual(pairs);
    expect(r.limit).toBe(limit);
  });
  it.each<Record<string, unknown>>([
    { limit: '0' },
    { limit: 'ten' },
    { since: 'yesterday' },
    { before: 'nope' },
    { after: '!!' },
    { before: encodeCursor({ time: 1, id: 'a', offset: 0 }), after: 'start' },
    { q: Array.from({ length: 11 }, (_, i) => `w${i}`).join(' ') },
  ])('rejects %j', (q) => {
    expect(parseFeedQuery(q, 50)).toHaveProperty('error');
  });
  it('page cursors are not narrowing but are part of the cache key', () => {
    const c = encodeCursor({ time: 1714557600000, id: 'art-9', offset: 40 });
    const r = ok({ before: c, q: 'storm' }) as FeedQuery;
    expect(r.plain).toBe(false);
    expect(r.before).toEqual({ time: 1714557600000, id: 'art-9', offset: 40 });
    expect(r.pairs).toEqual([['q', 'storm']]);
    expect(queryKey(r)).not.toBe(queryKey(ok({ q: 'storm' })));
    expect(ok({ after: 'start' }).after).toBe('start');
  });
});

describe('page cursors', () => {
  it.each([
    { time: 0, id: 'a', offset: 0 },
    { time: 1714557600000, id: 'Zx_9-abc', offset: 123456 },
    { time: -5, id: 'weird.id:with/parts', offset: 3 },
  ])('round-trip %j', (c) => {
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });
  it.each(['', 'start', 'AAAA', '%%%'])('rejects %j', (s) => {
    expect(decodeCursor(s)).toBeUndefined();
  });
});

describe('redactedUrl', () => {
  it.each([
    ['/feeds/a.rss?token=fmp_abc', '/feeds/a.rss?token=[redacted]'],
    ['/feeds/a.rss?limit=5&token=x&q=y', '/feeds/a.rss?limit=5&token=[redacted]&q=y'],
    ['/feeds/a.rss?TOKEN=x', '/feeds/a.rss?TOKEN=[redacted]'],
    ['/feeds/a.rss?q=token', '/feeds/a.rss?q=token'],
  ])('%s → %s', (url, expected) => {
    expect(redactedUrl(url)).toBe(expected);
  });
});
