/**
 * Hostile content end to end: a feed whose items carry the XSS corpus (script, event handlers, javascript:/data: URLs,
 * SVG, CSS expressions, entity- and double-encoded markup, in titles, links, summaries and bodies) goes through the whole
 * pipeline; no outbound format may carry script-capable output, titles are plain text and links are http(s) only.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlOnce } from '../../src/commands/crawl.js';
import { startPublisher, type Publisher } from '../helpers/feeds.js';
import { startInstance, type Instance } from '../helpers/instance.js';
import { corpusFile, present, problems, vectors } from '../helpers/xss.js';

let pub: Publisher;
let inst: Instance;
const out: Record<'rss' | 'atom' | 'json', string> = { rss: '', atom: '', json: '' };

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cdata = (t: string) => `<![CDATA[${t.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
/** Text a reader would show as a title must not look like markup once any HTML parser reads it. */
const TAG_LIKE = /<[a-z!/?]/i;
const HTTP = /^https?:\/\/[^\s<>"`]+$/;

function rssFeed(base: string): string {
  const items = vectors
    .filter((v) => v.xmlSafe)
    .map((v) => {
      const link = v.context === 'url' ? v.payload : `${base}/a/${v.id}`;
      const title = v.context === 'title' || v.context === 'xml-out' ? v.payload : `Story ${v.id} ${v.payload.slice(0, 40)}`;
      return `<item><guid isPermaLink="false">xss-${v.id}</guid><title>${esc(title)}</title><link>${esc(link)}</link>` +
        `<description>${cdata(v.payload)}</description><content:encoded>${cdata(`<p>Story ${v.id}.</p>${v.payload}`)}</content:encoded>` +
        `<enclosure url="${esc(v.context === 'url' ? v.payload : `${base}/a/${v.id}.mp3`)}" type="audio/mpeg" length="1"/></item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
    `<channel><title>Hostile</title><link>${base}/</link><description>x</description>${items}</channel></rss>`;
}

function jsonFeed(base: string): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Hostile JSON',
    home_page_url: `${base}/`,
    items: vectors.map((v) => ({
      id: `json-xss-${v.id}`,
      url: v.context === 'url' ? v.payload : `${base}/j/${v.id}`,
      title: v.payload,
      summary: v.payload,
      content_html: `<p>JSON story ${v.id}.</p>${v.payload}`,
      authors: [{ name: v.payload, url: v.payload }],
      tags: [v.payload],
      image: v.payload,
    })),
  });
}

beforeAll(async () => {
  if (!present) return;
  pub = await startPublisher({}, {
    '/hostile.json': (_req, res) => {
      res.setHeader('content-type', 'application/feed+json');
      res.end(jsonFeed(pub.url));
    },
  });
  pub.feeds['/hostile.xml'] = rssFeed(pub.url);
  inst = await startInstance({
    http: true,
    sources: [
      { id: 'hostile-rss', url: `${pub.url}/hostile.xml` },
      { id: 'hostile-json', url: `${pub.url}/hostile.json` },
    ],
    feeds: [{ id: 'all', title: 'All', limit: 1000, dedupe: 'off' }],
  });
  const summary = await crawlOnce([], { config: inst.configDir, env: inst.env });
  expect(summary.map((s) => `${s.sourceId}:${s.status}:${s.errorCode ?? ""}`)).toEqual(["hostile-rss:ok:", "hostile-json:ok:"]);
  for (const f of ['rss', 'atom', 'json'] as const) out[f] = await (await fetch(`${inst.url}/feeds/all.${f}`)).text();
}, 120_000);

afterAll(async () => {
  await inst?.close();
  await pub?.close();
});

describe.skipIf(!present)(`hostile feeds end to end (${corpusFile})`, () => {
  it('every item made it through', () => {
    const json = JSON.parse(out.json) as { items: unknown[] };
    expect(json.items.length).toBeGreaterThanOrEqual(vectors.length);
  });

  it('RSS and Atom are well-formed XML', () => {
    expect(XMLValidator.validate(out.rss)).toBe(true);
    expect(XMLValidator.validate(out.atom)).toBe(true);
  });

  it('JSON Feed: bodies script-free, titles/names/tags plain, links http(s)', () => {
    const json = JSON.parse(out.json) as { items: Record<string, unknown>[] };
    for (const item of json.items) {
      expect(problems(String(item.content_html ?? '')), String(item.id)).toEqual([]);
      for (const [field, text] of [['title', item.title], ...((item.tags as string[] | undefined) ?? []).map((t) => ['tag', t])]) {
        expect(`${field}: ${String(text ?? '')}`).not.toMatch(TAG_LIKE);
      }
      for (const a of (item.authors as { name: string; url?: string }[] | undefined) ?? []) {
        expect(a.name).not.toMatch(TAG_LIKE);
        if (a.url !== undefined) expect(a.url).toMatch(HTTP);
      }
      for (const u of [item.url, item.image, item.external_url]) if (u !== undefined) expect(String(u)).toMatch(HTTP);
    }
  });

  it('RSS: HTML fields script-free, titles plain, links http(s)', () => {
    const doc = new XMLParser({ ignoreAttributes: false, cdataPropName: false, processEntities: true, htmlEntities: false })
      .parse(out.rss) as { rss: { channel: { item: Record<string, unknown>[] } } };
    const items = doc.rss.channel.item;
    for (const item of items) {
      for (const field of ['description', 'content:encoded']) expect(problems(String(item[field] ?? '')), field).toEqual([]);
      expect(String(item.title)).not.toMatch(TAG_LIKE);
      if (item.link !== undefined) expect(String(item.link)).toMatch(HTTP);
    }
  });

  it('Atom: html/xhtml content script-free, text titles plain, every href http(s)', () => {
    const $ = load(out.atom, { xml: true });
    for (const el of $('entry > title, entry > summary, entry > content').toArray()) {
      const type = $(el).attr('type') ?? 'text';
      const value = type === 'xhtml' ? $(el).html() ?? '' : $(el).text();
      if (type === 'text' && el.tagName === 'title') expect(`title: ${value}`).not.toMatch(TAG_LIKE);
      if (type === 'html' || type === 'xhtml') expect(problems(value), `${el.tagName} ${type}`).toEqual([]);
      if (type === 'html' && el.tagName === 'title') expect(load(value).root().text()).not.toMatch(TAG_LIKE);
    }
    for (const el of $('link[href]').toArray()) expect($(el).attr('href')).toMatch(HTTP);
  });
});
