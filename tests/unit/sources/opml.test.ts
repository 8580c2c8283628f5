/** OPML of sources: round trip with our namespace options, folders as categories, foreign files, hostile prolog. */
import { describe, expect, it } from 'vitest';
import type { Source } from '../../../src/model/source.js';
import { exactDuration, FEEDMILL_OPML_NS, parseSourcesOpml, renderSourcesOpml } from '../../../src/sources/opml.js';

const base: Omit<Source, 'id' | 'url'> = { type: 'feed', intervalMs: 900_000, adaptive: true, fullText: false, categories: [], headers: {} };
const SOURCES: Source[] = [
  { ...base, id: 'wire', url: 'https://wire.example/feed.xml?a=1&b=2', intervalMs: 5_400_000, adaptive: false, fullText: true, rules: 'wire-rules', categories: ['World', 'Breaking'], headers: { Cookie: 'secret=1' } },
  { ...base, id: 'front', url: 'https://front.example/news/', type: 'html', fullText: true, categories: ['World'] },
  { ...base, id: 'plain', url: 'https://plain.example/rss' },
];

describe('sources OPML', () => {
  it('round-trips our per-source options through the feedmill namespace', () => {
    const xml = renderSourcesOpml(SOURCES, new Date('2026-03-01T00:00:00Z'));
    expect(xml).toContain(`xmlns:feedmill="${FEEDMILL_OPML_NS}"`);
    expect(xml).not.toContain('secret');
    const back = parseSourcesOpml(xml);
    const byId = new Map(back.map((s) => [s.id, s]));
    expect(byId.get('wire')).toEqual({
      id: 'wire', url: 'https://wire.example/feed.xml?a=1&b=2', title: 'wire', type: 'feed', interval: '90m', fullText: true, rules: 'wire-rules',
      categories: ['World', 'Breaking'],
    });
    expect(byId.get('front')).toMatchObject({ url: 'https://front.example/news/', type: 'html', fullText: true, categories: ['World'] });
    expect(byId.get('front')?.interval).toBeUndefined();
    expect(byId.get('plain')).toMatchObject({ type: 'feed', fullText: false, categories: [] });
  });

  it('reads folders as categories and our options under whatever prefix the file binds the namespace to', () => {
    const xml = `<?xml version="1.0"?><opml version="1.0" xmlns:fm="${FEEDMILL_OPML_NS}"><head/><body>
      <outline text="Tech"><outline text="Rust"><outline type="rss" text="R" xmlUrl="https://r.example/feed" fm:interval="2h"/></outline></outline>
      <outline type="rss" title="Top" xmlUrl="https://top.example/rss"/></body></opml>`;
    expect(parseSourcesOpml(xml)).toEqual([
      { url: 'https://r.example/feed', title: 'R', interval: '2h', categories: ['Tech', 'Rust'] },
      { url: 'https://top.example/rss', title: 'Top', categories: [] },
    ]);
  });

  it('refuses entity declarations and documents that are not OPML', () => {
    expect(() => parseSourcesOpml('<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x "y">]><opml><body/></opml>')).toThrow(/ENTITY|DOCTYPE/);
    expect(() => parseSourcesOpml('<rss version="2.0"/>')).toThrow(/not an OPML/);
  });

  it.each([
    [90_000, '90s'],
    [1_500_000, '25m'],
    [129_600_000, '36h'],
    [86_400_000, '1d'],
    [1500, '1500ms'],
  ])('writes %i ms losslessly as %s', (ms, text) => {
    expect(exactDuration(ms)).toBe(text);
  });
});
