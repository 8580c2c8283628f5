import { describe, expect, it } from 'vitest';
import { parseSitemap } from '../../../src/parse/sitemap.js';

const NEWS = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example.com/2026/03/01/older-story</loc>
    <news:news><news:publication><news:name>Example News</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-03-01T08:00:00+01:00</news:publication_date><news:title>Older &amp; wiser</news:title></news:news></url>
  <url><loc>https://news.example.com/2026/03/02/newer-story?utm_source=sitemap</loc>
    <news:news><news:publication><news:name>Example News</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-03-02T08:00:00Z</news:publication_date><news:title>Newer story</news:title></news:news></url>
</urlset>`;

describe('parseSitemap', () => {
  it('reads a Google News sitemap newest first, with titles, dates, publication and clean URLs', () => {
    const map = parseSitemap(NEWS, 'https://news.example.com/sitemap-news.xml');
    expect(map.kind).toBe('urlset');
    expect(map.entries).toEqual([
      { url: 'https://news.example.com/2026/03/02/newer-story', title: 'Newer story', publishedAt: '2026-03-02T08:00:00.000Z', siteName: 'Example News', language: 'en' },
      { url: 'https://news.example.com/2026/03/01/older-story', title: 'Older & wiser', publishedAt: '2026-03-01T07:00:00.000Z', siteName: 'Example News', language: 'en' },
    ]);
  });

  it('reads a plain urlset with lastmod and caps the entries', () => {
    const xml = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${Array.from(
      { length: 5 },
      (_, i) => `<url><loc>https://e.com/p${i}</loc><lastmod>2026-01-0${i + 1}</lastmod></url>`,
    ).join('')}</urlset>`;
    const map = parseSitemap(xml, 'https://e.com/sitemap.xml', 3);
    expect(map.entries.map((e) => e.url)).toEqual(['https://e.com/p4', 'https://e.com/p3', 'https://e.com/p2']);
  });

  it('lists the child sitemaps of an index', () => {
    const xml = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://e.com/s1.xml</loc></sitemap>
      <sitemap><loc>/s2.xml</loc></sitemap></sitemapindex>`;
    expect(parseSitemap(xml, 'https://e.com/sitemap.xml')).toEqual({ kind: 'index', entries: [], sitemaps: ['https://e.com/s1.xml', 'https://e.com/s2.xml'] });
  });

  it.each([
    ['an HTML page', '<html><body>hi</body></html>', 'NOT_A_FEED'],
    ['entity declarations', '<!DOCTYPE x [<!ENTITY a "b">]><urlset></urlset>', 'PARSE_ERROR'],
  ])('refuses %s', (_name, xml, code) => {
    expect(() => parseSitemap(xml, 'https://e.com/')).toThrow(expect.objectContaining({ code }));
  });
});
