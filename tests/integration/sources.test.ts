/** Source types beyond feeds, end to end on the bundled demo site: full text, listing pages, sitemaps, single pages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlOnce } from '../../src/commands/crawl.js';
import { startDemoSite, type DemoSite } from '../../demo/site.js';
import { startServer, type TestServer } from '../helpers/http.js';
import { startInstance, type Instance } from '../helpers/instance.js';

let site: DemoSite;
let maps: TestServer;
const instances: Instance[] = [];

beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  const harbor = [
    '/harbor/news/local/storm-leaves-210000-without-power/article_8c1d4e2a-e86b-11e4-9a3c-0f5d2b7e4c11.html',
    '/harbor/news/government/council-approves-ferry-terminal-bonds/article_3e5f9a10-e7c0-11e4-b1d2-7f0a4c9e8d35.html',
  ];
  maps = await startServer({
    '/sitemap-news.xml': (_req, res) => {
      res.setHeader('content-type', 'application/xml');
      res.end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
        ${harbor.map((p, i) => `<url><loc>${site.url}${p}</loc><news:news><news:publication><news:name>The Harbor Ledger</news:name><news:language>en</news:language></news:publication><news:publication_date>2015-04-2${i}T10:00:00Z</news:publication_date><news:title>Story ${i}</news:title></news:news></url>`).join('')}
      </urlset>`);
    },
    '/sitemap-index.xml': (_req, res) => {
      res.setHeader('content-type', 'application/xml');
      res.end(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${maps.url}/sitemap-news.xml</loc></sitemap></sitemapindex>`);
    },
  });
});

afterAll(async () => {
  for (const i of instances) await i.close();
  await maps.close();
  await site.close();
});

async function run(sources: Record<string, unknown>[]) {
  const inst = await startInstance({ http: true, sources, feeds: [{ id: 'all', title: 'All', limit: 100 }] });
  instances.push(inst);
  const summary = await crawlOnce([], { config: inst.configDir, env: inst.env });
  const feed = (await (await fetch(`${inst.url}/feeds/all.json`)).json()) as { items: { title: string; url: string; content_html?: string; date_published?: string }[] };
  return { summary, feed, inst };
}

describe('source types', () => {
  it('fullText: a summary-only feed yields full articles in the outbound feeds', async () => {
    const { summary, feed } = await run([{ id: 'hstoday', url: `${site.url}/hstoday/feed/`, fullText: true }]);
    expect(summary[0]).toMatchObject({ status: 'ok', items: 5, errors: 0 });
    const seed = feed.items.find((i) => i.title === 'DHS Opens Cyber Dialogue with China')!;
    expect(seed.content_html).toContain('Although cyber relations between the United States and China');
    expect(seed.content_html).toContain('will visit Washington in September.');
    expect(seed.content_html).not.toMatch(/Advertisement|Related Articles|Latest Articles|78\.5/);
    expect(seed.date_published).toBe('2015-04-14T14:42:00Z');
  });

  it('html: a section front is crawled through its article links', async () => {
    const { summary, feed } = await run([{ id: 'harbor-front', url: `${site.url}/harbor/`, type: 'html' }]);
    expect(summary[0]).toMatchObject({ status: 'ok', errors: 0 });
    const titles = feed.items.map((i) => i.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Storm leaves 210,000 without power across Calder Valley',
        'New library branch opens in Port Calder’s restored rail depot',
      ]),
    );
    // Navigation, section and utility links are not articles.
    expect(feed.items.every((i) => /\/article_[0-9a-f-]+\.html$/.test(i.url))).toBe(true);
    expect(feed.items.every((i) => (i.content_html ?? '').length > 500)).toBe(true);
  });

  it('sitemap: a Google News sitemap index is followed to its articles', async () => {
    const { summary, feed } = await run([{ id: 'harbor-map', url: `${maps.url}/sitemap-index.xml`, type: 'sitemap' }]);
    expect(summary[0]).toMatchObject({ status: 'ok', items: 2, errors: 0 });
    // The sitemap's news:title is the publisher's own headline, kept as a feed title is; the body comes from the page.
    expect(feed.items.map((i) => i.title).sort()).toEqual(['Story 0', 'Story 1']);
    expect(feed.items.find((i) => i.title === 'Story 0')!.content_html).toContain('210,000');
    expect(feed.items.find((i) => i.title === 'Story 1')!.content_html).toMatch(/ferry terminal/i);
  });

  it('page: a single article page is one article', async () => {
    const { summary, feed } = await run([
      { id: 'seed', url: `${site.url}/hstoday/2015/04/dhs-opens-cyber-dialogue-with-china/`, type: 'page' },
    ]);
    expect(summary[0]).toMatchObject({ status: 'ok', items: 1, new: 1 });
    expect(feed.items[0]!.title).toBe('DHS Opens Cyber Dialogue with China');
  });
});
