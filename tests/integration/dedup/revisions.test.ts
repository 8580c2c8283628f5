/**
 * Updates, not duplicates, through the whole pipeline (real Redis, loopback publisher, real BullMQ workers): a retitled
 * and corrected story keeps its id and first-seen time, gets updatedAt and a revision history that the operator API
 * shows; a GUID and link flipped from http to https is still the same article.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlOnce } from '../../../src/commands/crawl.js';
import type { Article } from '../../../src/model/article.js';
import { rss, startPublisher, type Publisher, type TestItem } from '../../helpers/feeds.js';
import { startInstance, type Instance } from '../../helpers/instance.js';

const TOKEN = 'revisions-operator-token';
const BODY = 'Crews restored power to most of the valley overnight after the storm brought down lines across three counties. '.repeat(6);

let pub: Publisher;
let inst: Instance;
let items: TestItem[];

const crawl = async () => (await crawlOnce([], { config: inst.configDir, env: inst.env }))[0]!;
const publish = (list: TestItem[]) => {
  items = list;
  pub.feeds['/feed.xml'] = rss('Valley Times', pub.url, items);
};
const all = async (): Promise<Article[]> => inst.rt.deps.articles.getMany(await inst.rt.deps.articles.recentIds(0, 100));
const byGuid = async (guid: string): Promise<Article> => (await all()).find((a) => a.guid === guid)!;

interface Detail {
  article: Article;
  cluster: { id: string; members: { id: string }[] };
  revisions: { title: string; contentHash: string; at: string }[];
}
const detail = async (id: string): Promise<Detail> =>
  (await (await fetch(`${inst.url}/api/articles/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as Detail;

beforeAll(async () => {
  pub = await startPublisher({});
  publish([
    { guid: 'story-1', link: `${pub.url}/news/1`, title: 'Storm cuts power to 210,000', body: BODY },
    { guid: 'http://news.example/story/7', link: 'http://news.example/story/7', title: 'Ferry service resumes', body: 'The ferry between the islands runs again from Monday, the operator said, after repairs to the landing. '.repeat(6) },
  ]);
  inst = await startInstance({
    http: true,
    env: { FEEDMILL_ADMIN_TOKEN: TOKEN },
    sources: [{ id: 'valley', url: `${pub.url}/feed.xml`, interval: '15m' }],
    feeds: [{ id: 'all', title: 'All' }],
  });
  expect(await crawl()).toMatchObject({ status: 'ok', new: 2 });
}, 60_000);

afterAll(async () => {
  await inst?.close();
  await pub?.close();
});

describe('updates keep the article and record what changed', () => {
  it('a retitled, corrected story keeps its id and first-seen time, sets updatedAt, and records the previous version', async () => {
    const before = await byGuid('story-1');
    expect(before.updatedAt).toBeUndefined();
    publish([{ ...items[0]!, title: 'Storm cuts power to 215,000 (updated)', body: `${BODY}Officials later raised the count to 215,000.` }, items[1]!]);
    expect(await crawl()).toMatchObject({ status: 'ok', new: 0, updated: 1 });
    const after = await byGuid('story-1');
    expect(after.id).toBe(before.id);
    expect(after.fetchedAt).toBe(before.fetchedAt);
    expect(after.title).toBe('Storm cuts power to 215,000 (updated)');
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(Date.parse(after.updatedAt!)).toBeGreaterThanOrEqual(Date.parse(before.fetchedAt));
    expect(await inst.rt.deps.articles.count()).toBe(2);

    const d = await detail(after.id);
    expect(d.article.title).toBe(after.title);
    expect(d.revisions).toEqual([{ title: before.title, contentHash: before.contentHash, at: after.updatedAt }]);
    expect(d.cluster).toEqual({ id: after.id, size: 1, members: [expect.objectContaining({ id: after.id, title: after.title })] });
  });

  it('a second retitle adds a revision in front (newest first); the outbound feed carries the current title once', async () => {
    const prev = await byGuid('story-1');
    publish([{ ...items[0]!, title: 'Storm cuts power to 215,000; most restored' }, items[1]!]);
    expect(await crawl()).toMatchObject({ updated: 1 });
    const d = await detail(prev.id);
    expect(d.revisions.map((r) => r.title)).toEqual([prev.title, 'Storm cuts power to 210,000']);
    // The title changed, the text did not: both revisions keep the hash each version had.
    expect(d.revisions[0]!.contentHash).toBe(prev.contentHash);
    const feed = (await (await fetch(`${inst.url}/feeds/all.json`)).json()) as { items: { id: string; title: string }[] };
    expect(feed.items.filter((i) => i.title.startsWith('Storm cuts power')).map((i) => i.title)).toEqual(['Storm cuts power to 215,000; most restored']);
  });

  it('a GUID and link flipped from http to https are the same article (found by its text), with no revision for an unchanged text', async () => {
    const before = await byGuid('http://news.example/story/7');
    publish([items[0]!, { ...items[1]!, guid: 'https://news.example/story/7', link: 'https://news.example/story/7' }]);
    expect(await crawl()).toMatchObject({ status: 'ok', new: 0, updated: 1 });
    const list = await all();
    expect(list).toHaveLength(2);
    const after = list.find((a) => a.id === before.id)!;
    expect(after.url).toBe('https://news.example/story/7');
    expect(after.fetchedAt).toBe(before.fetchedAt);
    expect((await detail(before.id)).revisions).toEqual([]);
    const feed = (await (await fetch(`${inst.url}/feeds/all.json`)).json()) as { items: { url: string }[] };
    expect(feed.items.map((i) => i.url).filter((u) => u.includes('story/7'))).toEqual(['https://news.example/story/7']);
  });
});
