/** The offline demo news site: media types, {{BASE}} substitution, validators and 304s, traversal, and that every feed link resolves. */
import http from 'node:http';
import { load } from 'cheerio';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FEEDS, DEMO_STORIES, startDemoSite, type DemoFeed, type DemoSite } from '../../../demo/site.js';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** node:http rather than fetch: fetch normalizes `/../` away before the request leaves, hiding traversal attempts. */
function raw(site: DemoSite, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // agent: false — a pooled keep-alive socket would outlive a server restarted on the same port.
    const req = http.request({ host: '127.0.0.1', port: site.port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface FeedLinks {
  items: string[];
  media: string[];
}

/** Atom `<link rel="enclosure" href>`: rss-parser only reads RSS `<enclosure url>`. */
function atomEnclosures(xml: string): string[] {
  return [...xml.matchAll(/<link\s+rel="enclosure"[^>]*\shref="([^"]+)"/g)].map((m) => m[1] ?? '');
}

/** Item links plus enclosure/image URLs of one feed, read with a real feed parser (so the XML must be well-formed). */
async function feedLinks(site: DemoSite, feed: DemoFeed): Promise<FeedLinks> {
  const { body } = await raw(site, feed.path);
  if (feed.type === 'json') {
    const doc = JSON.parse(body) as { items: { url: string; image?: string }[] };
    return { items: doc.items.map((i) => i.url), media: doc.items.flatMap((i) => (i.image ? [i.image] : [])) };
  }
  const parsed = await new Parser().parseString(body);
  return {
    items: parsed.items.map((i) => i.link ?? ''),
    media: [...parsed.items.flatMap((i) => (i.enclosure?.url ? [i.enclosure.url] : [])), ...atomEnclosures(body)],
  };
}

/** Article body text of a demo page, furniture inside the body (ads, related boxes, promos) removed. */
async function bodyText(site: DemoSite, path: string): Promise<string> {
  const { body } = await raw(site, path);
  const $ = load(body);
  $('.td-a-rec, .tnt-ads-container, .inline-asset, .inline-editorial-box, .Advertisement, .asset-copyright').remove();
  return $('.td-post-content, #article-body, .RichTextStoryBody').text().replace(/\s+/g, ' ').trim();
}

function shingles(text: string, k = 5): Set<string> {
  const words = text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + k <= words.length; i++) out.add(words.slice(i, i + k).join(' '));
  return out;
}

/** Share of `a`'s shingles found in `b` (containment: how much of a trimmed copy the full one holds). */
function containment(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const s of a) if (b.has(s)) shared += 1;
  return a.size === 0 ? 0 : shared / a.size;
}

const EXPECTED_TYPES: Record<string, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

describe('demo site', () => {
  let site: DemoSite;
  beforeAll(async () => {
    site = await startDemoSite();
  });
  afterAll(async () => {
    await site.close();
  });

  it.each(DEMO_FEEDS.map((f) => [f.id, f] as const))('serves the %s feed with its media type and {{BASE}} substituted', async (_id, feed) => {
    const res = await raw(site, feed.path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(EXPECTED_TYPES[feed.type]);
    expect(res.body).toContain(`${site.url}/${feed.id}/`);
    expect(res.body).not.toContain('{{BASE}}');
  });

  it('serves pages as text/html with {{BASE}} substituted', async () => {
    const res = await raw(site, DEMO_STORIES.wireCopies[1] ?? '');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain(`<link rel="canonical" href="${site.url}/harbor/`);
    expect(res.body).not.toContain('{{BASE}}');
  });

  it('GET / lists every outlet and its feed', async () => {
    const res = await raw(site, '/');
    expect(res.status).toBe(200);
    for (const f of DEMO_FEEDS) {
      expect(res.body).toContain(`href="${site.url}${f.path}"`);
      expect(res.body).toContain(f.title);
    }
  });

  it('answers 304 to If-None-Match with the current ETag (weak comparison, lists)', async () => {
    const first = await raw(site, '/harbor/atom.xml');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await raw(site, '/harbor/atom.xml', { 'If-None-Match': inm });
      expect(res.status).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.etag).toBe(etag);
    }
    expect((await raw(site, '/harbor/atom.xml', { 'If-None-Match': '"stale"' })).status).toBe(200);
  });

  it('answers 304 to If-Modified-Since at or after Last-Modified, 200 before it', async () => {
    const first = await raw(site, '/civic/feed.json');
    const lastModified = String(first.headers['last-modified']);
    // The newest date in the feed (date_modified of the storm story).
    expect(new Date(lastModified).toISOString()).toBe('2015-04-21T23:05:00.000Z');
    expect((await raw(site, '/civic/feed.json', { 'If-Modified-Since': lastModified })).status).toBe(304);
    expect((await raw(site, '/civic/feed.json', { 'If-Modified-Since': 'Tue, 21 Apr 2015 00:00:00 GMT' })).status).toBe(200);
  });

  it('If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2)', async () => {
    const first = await raw(site, '/hstoday/feed/');
    const res = await raw(site, '/hstoday/feed/', { 'If-None-Match': '"stale"', 'If-Modified-Since': String(first.headers['last-modified']) });
    expect(res.status).toBe(200);
  });

  it('keeps ETag and Last-Modified across a restart on the same port', async () => {
    const a = await startDemoSite();
    const before = await raw(a, '/hstoday/feed/');
    await a.close();
    const b = await startDemoSite({ port: a.port });
    try {
      const after = await raw(b, '/hstoday/feed/');
      expect(after.headers.etag).toBe(before.headers.etag);
      expect(after.headers['last-modified']).toBe(before.headers['last-modified']);
    } finally {
      await b.close();
    }
  });

  it('HEAD returns the headers of GET without a body', async () => {
    const get = await raw(site, '/civic/feed.json');
    const head = await raw(site, '/civic/feed.json', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers.etag).toBe(get.headers.etag);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/hstoday/../../package.json',
    '/hstoday/..%2f..%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/hstoday/%2e%2e/%2e%2e/demo/site.ts',
  ])('refuses path traversal: %s', async (path) => {
    const res = await raw(site, path);
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('feedmill');
  });

  it('answers 404 for a missing file, 405 for POST, 301 for a directory without its slash', async () => {
    expect((await raw(site, '/hstoday/2015/04/no-such-story/')).status).toBe(404);
    expect((await raw(site, '/civic/feed.json', {}, 'POST')).status).toBe(405);
    const redirect = await raw(site, '/hstoday/feed?x=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/hstoday/feed/?x=1');
  });

  it('counts hits', async () => {
    const before = site.hits();
    await raw(site, '/');
    expect(site.hits()).toBe(before + 1);
  });

  it.each(DEMO_FEEDS.map((f) => [f.id, f] as const))('every link in the %s feed resolves to a 200 on the server', async (_id, feed) => {
    const { items, media } = await feedLinks(site, feed);
    expect(items.length).toBeGreaterThanOrEqual(4);
    for (const link of [...items, ...media]) {
      expect(link.startsWith(`${site.url}/`), link).toBe(true);
      const res = await fetch(link);
      expect(res.status, link).toBe(200);
      await res.arrayBuffer();
    }
    for (const link of items) {
      const res = await fetch(link, { method: 'HEAD' });
      expect(res.headers.get('content-type'), link).toBe('text/html; charset=utf-8');
    }
  });

  it('hstoday feed is summary-only, carries the seed story, and tracks one link with utm_*', async () => {
    const { body } = await raw(site, '/hstoday/feed/');
    expect(body).not.toContain('content:encoded>');
    const feed = await new Parser().parseString(body);
    const seed = feed.items.find((i) => i.title === 'DHS Opens Cyber Dialogue with China');
    expect(seed?.link).toContain(`${site.url}${DEMO_STORIES.seed}?utm_source=rss&utm_medium=rss`);
  });

  it('harbor Atom entries carry full content, -05:00 dates and one podcast enclosure', async () => {
    const { body } = await raw(site, '/harbor/atom.xml');
    const feed = await new Parser().parseString(body);
    expect(feed.items).toHaveLength(5);
    expect(feed.items.every((i) => (i.content ?? '').length > 500)).toBe(true);
    expect(body.match(/<published>[^<]+-05:00<\/published>/g)).toHaveLength(5);
    const enclosures = atomEnclosures(body);
    expect(enclosures).toHaveLength(1);
    const mp3 = await fetch(enclosures[0] ?? '');
    expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
    // The length attribute is what podcast clients preallocate: it must match the file.
    expect(body).toContain(`length="${(await mp3.arrayBuffer()).byteLength}"`);
  });

  it('civic JSON Feed is version 1.1 with content_html, authors, tags and image on every item', async () => {
    const doc = JSON.parse((await raw(site, '/civic/feed.json')).body) as {
      version: string;
      items: { content_html?: string; authors?: unknown[]; tags?: unknown[]; image?: string }[];
    };
    expect(doc.version).toBe('https://jsonfeed.org/version/1.1');
    expect(doc.items).toHaveLength(4);
    for (const item of doc.items) {
      expect(item.content_html?.length).toBeGreaterThan(500);
      expect(item.authors?.length).toBeGreaterThan(0);
      expect(item.tags?.length).toBeGreaterThan(0);
      expect(item.image).toMatch(/\.jpg$/);
    }
  });

  it('the wire copies are near-duplicates of the original; the same-day outage story is not', async () => {
    const [original, rewrittenLede, trimmed] = await Promise.all(DEMO_STORIES.wireCopies.map((p) => bodyText(site, p).then(shingles)));
    const distinct = shingles(await bodyText(site, DEMO_STORIES.sameTopicDistinct));
    if (!original || !rewrittenLede || !trimmed) throw new Error('three wire copies expected');
    expect(containment(rewrittenLede, original)).toBeGreaterThan(0.85);
    expect(containment(trimmed, original)).toBeGreaterThan(0.9);
    expect(trimmed.size).toBeLessThan(original.size * 0.8);
    expect(containment(distinct, original)).toBeLessThan(0.1);
  });
});
