/**
 * The "done when": a crawl of three outlets carrying the same wire story (different furniture, a rewritten
 * lead, a trimmed ending) yields one item in /feeds/all.atom — and in RSS and JSON Feed — that names all three, while a
 * same-day story about the same utility stays its own item; GET /api/articles/:id shows the cluster's members.
 * Real Redis, the bundled demo site on loopback, real BullMQ workers (crawl --once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FEEDS, DEMO_STORIES, startDemoSite, type DemoSite } from '../../../demo/site.js';
import { crawlOnce } from '../../../src/commands/crawl.js';
import type { Article } from '../../../src/model/article.js';
import { parseXml } from '../../unit/syndicate/fixtures.js';
import { startInstance, type Instance } from '../../helpers/instance.js';

const TOKEN = 'wire-story-operator-token';
/** A word of each copy's URL slug (outlets rewrite URLs, but keep their own slug). */
const SLUGS = ['storm-power-outage-calder-valley', 'storm-leaves-210000-without-power', 'severe-storm-knocks-out-power'];
const isWireCopy = (url: string | undefined): boolean => SLUGS.some((s) => url?.includes(s) === true);

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v === undefined ? [] : [v as Node]);
/** An RSS item's <link> text (the test parser reads every `link` as an array). */
const linkOf = (i: Node): string => String(Array.isArray(i.link) ? i.link[0] : i.link);

let site: DemoSite;
let inst: Instance;
let copies: Article[];

beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  inst = await startInstance({
    http: true,
    env: { FEEDMILL_ADMIN_TOKEN: TOKEN },
    sources: DEMO_FEEDS.map((f) => ({ id: f.id, url: `${site.url}${f.path}`, interval: '15m', ...(f.summaryOnly ? { fullText: true } : {}) })),
    feeds: [{ id: 'all', title: 'All stories', limit: 50, content: 'full' }],
  });
  const summary = await crawlOnce([], { config: inst.configDir, env: inst.env });
  expect(summary.every((s) => s.status === 'ok' && s.errors === 0)).toBe(true);
  const ids = await inst.rt.deps.articles.recentIds(0, 1000);
  copies = (await inst.rt.deps.articles.getMany(ids)).filter((a) => isWireCopy(a.url));
}, 60_000);

afterAll(async () => {
  await inst?.close();
  await site?.close();
});

describe('one wire story on three outlets', () => {
  it('is stored three times, once per outlet, in one cluster', () => {
    expect(copies.map((a) => a.sourceId).sort()).toEqual(['civic', 'harbor', 'hstoday']);
    expect(new Set(copies.map((a) => a.clusterId)).size).toBe(1);
  });

  it('/feeds/all.atom: one entry, its own link plus rel="related" links naming the two other outlets', async () => {
    const body = await (await fetch(`${inst.url}/feeds/all.atom`)).text();
    const entries = list((parseXml(body).feed as Node).entry);
    const wire = entries.filter((e) => list(e.link).some((l) => isWireCopy(l['@_href'] as string)));
    expect(wire).toHaveLength(1);
    const links = list(wire[0]!.link);
    const own = links.find((l) => l['@_rel'] === 'alternate')!['@_href'] as string;
    const related = links.filter((l) => l['@_rel'] === 'related');
    expect(related).toHaveLength(2);
    const named = [own, ...related.map((l) => l['@_href'] as string)];
    expect(named.sort()).toEqual(copies.map((a) => a.url).sort());
    // Each related link is titled with its outlet's name as its feed gives it.
    const siteOf = new Map(copies.map((a) => [a.url, a.siteName]));
    for (const l of related) expect(l['@_title']).toBe(siteOf.get(l['@_href'] as string));
  });

  it('/feeds/all.rss: one item, its link plus feedmill:alsoAt elements for the two other outlets', async () => {
    const body = await (await fetch(`${inst.url}/feeds/all.rss`)).text();
    const rss = parseXml(body).rss as Node;
    expect(rss['@_xmlns:feedmill']).toBe('https://feedmill.dev/ns/1.0');
    const items = list((rss.channel as Node).item).filter((i) => isWireCopy(linkOf(i)));
    expect(items).toHaveLength(1);
    const also = list(items[0]!['feedmill:alsoAt']);
    expect([linkOf(items[0]!), ...also.map((a) => a['@_url'] as string)].sort()).toEqual(copies.map((a) => a.url).sort());
    const own = copies.find((a) => a.url === linkOf(items[0]!))!;
    expect(also.map((a) => a['@_source']).sort()).toEqual(copies.filter((a) => a !== own).map((a) => a.sourceId).sort());
  });

  it('/feeds/all.json: one item, _feedmill.related naming the two other outlets', async () => {
    const feed = (await (await fetch(`${inst.url}/feeds/all.json`)).json()) as {
      items: { url: string; _feedmill: { sourceId: string; related?: { url: string; sourceId: string; siteName?: string }[] } }[];
    };
    const items = feed.items.filter((i) => isWireCopy(i.url));
    expect(items).toHaveLength(1);
    const related = items[0]!._feedmill.related ?? [];
    expect([items[0]!._feedmill.sourceId, ...related.map((r) => r.sourceId)].sort()).toEqual(['civic', 'harbor', 'hstoday']);
    expect([items[0]!.url, ...related.map((r) => r.url)].sort()).toEqual(copies.map((a) => a.url).sort());
    for (const r of related) expect(r.siteName).toBe(copies.find((a) => a.url === r.url)?.siteName);
  });

  it('the same-day story about the same utility stays its own item, with no related outlets', async () => {
    const slug = DEMO_STORIES.sameTopicDistinct.split('/').at(-2)!;
    const feed = (await (await fetch(`${inst.url}/feeds/all.json`)).json()) as { items: { url: string; _feedmill: { clusterId: string; related?: unknown } }[] };
    const distinct = feed.items.filter((i) => i.url.includes(slug));
    expect(distinct).toHaveLength(1);
    expect(distinct[0]!._feedmill.clusterId).not.toBe(copies[0]!.clusterId);
    expect(distinct[0]!._feedmill.related).toBeUndefined();
  });

  it('GET /api/articles/:id shows the keys and every member of the cluster, first seen first', async () => {
    const head = copies.find((a) => a.id === a.clusterId)!;
    const res = await fetch(`${inst.url}/api/articles/${head.id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      article: Article;
      keys: { guid: string | null; url: string; hash: string };
      cluster: { id: string; size: number; members: { id: string; sourceId: string; url: string; siteName: string | null }[] };
      revisions: unknown[];
    };
    expect(body.article.id).toBe(head.id);
    expect(body.keys).toEqual({ guid: head.guid ?? null, url: head.url, hash: head.contentHash });
    expect(body.cluster.id).toBe(head.id);
    expect(body.cluster.size).toBe(3);
    expect(body.cluster.members.map((m) => m.sourceId).sort()).toEqual(['civic', 'harbor', 'hstoday']);
    expect(body.cluster.members[0]!.id).toBe(head.id);
    expect(body.revisions).toEqual([]);
    // A member's view shows the same cluster.
    const member = copies.find((a) => a.id !== head.id)!;
    const mres = (await (await fetch(`${inst.url}/api/articles/${member.id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as typeof body;
    expect(mres.cluster.members.map((m) => m.id)).toEqual(body.cluster.members.map((m) => m.id));
  });

  it('GET /api/articles/:id needs the operator token and answers 404 NOT_FOUND for an unknown id', async () => {
    expect((await fetch(`${inst.url}/api/articles/${copies[0]!.id}`)).status).toBe(401);
    const res = await fetch(`${inst.url}/api/articles/nope`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no article "nope"' } });
  });
});
