/** Feed filters naming sources: unknown ids are found per feed and warned about, not rejected. */
import { describe, expect, it } from 'vitest';
import type { FeedDefinition } from '../../../src/model/source.js';
import { unknownFilterSources, warnUnknownFilterSources } from '../../../src/sources/feed-references.js';

const feed = (id: string, sources?: string[]) => ({ id, filter: sources ? { sources } : {} }) as unknown as FeedDefinition;

describe('unknownFilterSources', () => {
  it('lists each feed filter id that no registered source has, in order', () => {
    const feeds = [feed('all'), feed('a', ['x', 'y']), feed('b', ['y', 'z'])];
    expect(unknownFilterSources(feeds, new Set(['x']))).toEqual([
      { feed: 'a', source: 'y' },
      { feed: 'b', source: 'y' },
      { feed: 'b', source: 'z' },
    ]);
    expect(unknownFilterSources(feeds, new Set(['x', 'y', 'z']))).toEqual([]);
  });

  it('warns once per unknown pair, naming feed and source', () => {
    const warned: unknown[][] = [];
    const out = warnUnknownFilterSources([feed('a', ['x', 'typo'])], new Set(['x']), { warn: (...args: unknown[]) => warned.push(args) } as never);
    expect(out).toEqual([{ feed: 'a', source: 'typo' }]);
    expect(warned).toHaveLength(1);
    expect(warned[0]![0]).toEqual({ feed: 'a', source: 'typo' });
    expect(String(warned[0]![1])).toMatch(/does not exist/);
  });
});
