/** The package entry point exports the contract functions (DESIGN "Interfaces"): extractArticle and parseFeed. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle, parseFeed } from '../../src/index.js';

describe('package exports', () => {
  it('extractArticle(html, { url }) gives the canonical article of the seed page', () => {
    const html = readFileSync('demo/site/hstoday/2015/04/dhs-opens-cyber-dialogue-with-china/index.html', 'utf8');
    const a = extractArticle(html, { url: 'http://www.hstoday.us/2015/04/dhs-opens-cyber-dialogue-with-china/' });
    expect(a).toMatchObject({ title: 'DHS Opens Cyber Dialogue with China', siteName: 'Homeland Security Today', publishedAt: '2015-04-14T14:42:00.000Z' });
    expect(a.contentText).toContain('will visit Washington in September.');
  });

  it('parseFeed(body, { url, contentType }) gives { format, feed, items }', async () => {
    const body = Buffer.from('<rss version="2.0"><channel><title>T</title><link>https://e.com/</link><description>d</description>' +
      '<item><title>A &amp; B</title><link>https://e.com/a?utm_source=x</link><guid>g1</guid></item></channel></rss>');
    const out = await parseFeed(body, { url: 'https://e.com/feed', contentType: 'application/rss+xml' });
    expect(out.format).toBe('rss-2.0');
    expect(out.feed.title).toBe('T');
    expect(out.items).toEqual([expect.objectContaining({ title: 'A & B', url: 'https://e.com/a', guid: 'g1' })]);
  });

  it('the built package.json points at the compiled entry', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; bin: Record<string, string> };
    expect(pkg.main).toBe('./dist/src/index.js');
    expect(pkg.bin.feedmill).toBe('./bin/feedmill.js');
  });
});
