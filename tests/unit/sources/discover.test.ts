/** Feed autodiscovery: <link rel="alternate"> reading, and the whole flow against a stub fetcher. */
import { describe, expect, it } from 'vitest';
import type { Fetcher, FetchResponse } from '../../../src/fetch/index.js';
import { FeedmillError } from '../../../src/model/errors.js';
import { discoverFeeds, feedLinks } from '../../../src/sources/discover.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title><link>https://s.example/</link><item><title>a</title><link>https://s.example/a</link></item></channel></rss>';

function stub(pages: Record<string, { body: string; type: string }>): Fetcher & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    fetch: async (url: string): Promise<FetchResponse> => {
      asked.push(url);
      const p = pages[url];
      if (!p) throw new FeedmillError('fetch', 'HTTP_4XX', 'not found (404)', { status: 404 });
      const body = Buffer.from(p.body);
      return { status: 200, url, body, contentType: p.type, elapsedMs: 1, bytes: body.length };
    },
    close: async () => {},
  };
}

describe('feedLinks', () => {
  it('finds feed links of every feed type, resolved against <base>, first duplicate wins', () => {
    const html = `<html><head><base href="https://cdn.example/site/">
      <link rel="alternate" type="application/rss+xml" title=" Main " href="feed.xml">
      <link rel="Alternate" type="application/atom+xml" href="/atom">
      <link rel="alternate" type="application/feed+json" href="https://s.example/feed.json">
      <link rel="alternate" type="application/rss+xml" href="feed.xml">
      <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
      <link rel="stylesheet" type="application/rss+xml" href="/nope">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head></html>`;
    expect(feedLinks(html, 'https://s.example/page')).toEqual([
      { url: 'https://cdn.example/site/feed.xml', type: 'rss', title: 'Main' },
      { url: 'https://cdn.example/atom', type: 'atom', title: null },
      { url: 'https://s.example/feed.json', type: 'json', title: null },
    ]);
  });
});

describe('discoverFeeds', () => {
  it('keeps a URL that is itself a feed, with its title', async () => {
    const f = stub({ 'https://s.example/rss': { body: RSS, type: 'application/rss+xml' } });
    expect(await discoverFeeds('https://s.example/rss', f)).toEqual([{ url: 'https://s.example/rss', type: 'rss', title: 'Daily' }]);
  });

  it('uses the page\'s announced feeds before probing', async () => {
    const f = stub({ 'https://s.example/': { body: '<link rel="alternate" type="application/atom+xml" href="/a.atom">', type: 'text/html' } });
    expect(await discoverFeeds('https://s.example/', f)).toEqual([{ url: 'https://s.example/a.atom', type: 'atom', title: null }]);
    expect(f.asked).toEqual(['https://s.example/']);
  });

  it('probes the common paths in order when the page names no feed', async () => {
    const f = stub({
      'https://s.example/blog/': { body: '<html><body>no feeds here</body></html>', type: 'text/html' },
      'https://s.example/rss.xml': { body: RSS, type: 'text/xml' },
    });
    expect(await discoverFeeds('https://s.example/blog/', f)).toEqual([{ url: 'https://s.example/rss.xml', type: 'rss', title: 'Daily' }]);
    expect(f.asked).toEqual(['https://s.example/blog/', 'https://s.example/feed', 'https://s.example/rss', 'https://s.example/rss.xml']);
  });

  it('fails with DISCOVERY_FAILED when nothing is found or the site cannot be fetched', async () => {
    const f = stub({ 'https://s.example/': { body: '<p>hi</p>', type: 'text/html' } });
    await expect(discoverFeeds('https://s.example/', f)).rejects.toMatchObject({ code: 'DISCOVERY_FAILED' });
    await expect(discoverFeeds('https://gone.example/', f)).rejects.toMatchObject({ code: 'DISCOVERY_FAILED', message: /HTTP_4XX/ });
    await expect(discoverFeeds('ftp://x', f)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
