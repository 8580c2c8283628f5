import { describe, expect, it } from 'vitest';
import { GUID_FALLBACK_SHARE, withUsableGuids } from '../../../src/dedup/guids.js';
import type { ArticleDraft } from '../../../src/model/article.js';

const item = (guid: string | undefined, url: string | undefined, title = `t-${guid}-${url}`): ArticleDraft => ({
  ...(guid !== undefined ? { guid } : {}),
  ...(url !== undefined ? { url } : {}),
  title,
  authors: [],
  categories: [],
  enclosures: [],
  wordCount: 0,
});
const keys = (items: ArticleDraft[]) => withUsableGuids(items).map((d) => [d.guid ?? null, d.url ?? null]);
const healthy = Array.from({ length: 9 }, (_, i) => item(`g${i}`, `https://x.example/${i}`));

describe('withUsableGuids', () => {
  it('leaves a healthy document alone (same objects)', () => {
    const out = withUsableGuids(healthy);
    expect(out).toEqual(healthy);
    out.forEach((d, i) => expect(d).toBe(healthy[i]));
  });

  it.each([
    ['a repeated GUID is dropped from every item carrying it (found by link instead)', [...healthy, item('g0', 'https://x.example/other')],
      [[null, 'https://x.example/0'], ...healthy.slice(1).map((d) => [d.guid, d.url]), [null, 'https://x.example/other']]],
    ['a repeated GUID without a unique link is suffixed by a title hash, so the stories stay apart', [...healthy.slice(0, 8), item('dup', undefined, 'One'), item('dup', undefined, 'Two')],
      [...healthy.slice(0, 8).map((d) => [d.guid, d.url]), [expect.stringMatching(/^dup#[0-9a-f]{12}$/), null], [expect.stringMatching(/^dup#[0-9a-f]{12}$/), null]]],
    [`over ${GUID_FALLBACK_SHARE * 100}% missing GUIDs: every item with a unique link is keyed by it`, [item('a', 'https://x.example/a'), item(undefined, 'https://x.example/b'), item('c', 'https://x.example/c')],
      [[null, 'https://x.example/a'], [null, 'https://x.example/b'], [null, 'https://x.example/c']]],
    ['…but an item whose link is shared keeps its (unique) GUID', [item('a', 'https://x.example/home'), item(undefined, 'https://x.example/b'), item('c', 'https://x.example/home')],
      [['a', 'https://x.example/home'], [null, 'https://x.example/b'], ['c', 'https://x.example/home']]],
    ['a small share of missing GUIDs changes nothing', [...healthy, item(undefined, 'https://x.example/n')],
      [...healthy.map((d) => [d.guid, d.url]), [null, 'https://x.example/n']]],
  ] as const)('%s', (_name, input, expected) => {
    expect(keys([...input])).toEqual(expected);
  });

  it('titles decide the suffix, so the same two stories get the same keys on every fetch, in any order', () => {
    const a = item('dup', undefined, 'One');
    const b = item('dup', undefined, 'Two');
    const first = withUsableGuids([a, b]);
    const second = withUsableGuids([b, a]);
    expect(first[0]!.guid).toBe(second[1]!.guid);
    expect(first[0]!.guid).not.toBe(first[1]!.guid);
  });
});
