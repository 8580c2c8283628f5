/** A feed that gives two different stories the same GUID: both are stored, and re-crawls do not flip one into the other. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlOnce } from '../../../src/commands/crawl.js';
import { makeItems, rss, startPublisher, type Publisher, type TestItem } from '../../helpers/feeds.js';
import { startInstance, type Instance } from '../../helpers/instance.js';

let pub: Publisher;
let inst: Instance;
let items: TestItem[];

const crawl = async () => (await crawlOnce([], { config: inst.configDir, env: inst.env }))[0]!;

beforeAll(async () => {
  pub = await startPublisher({});
  items = makeItems('https://paper.example', 8);
  // A CMS bug: two unrelated stories under one GUID, each with its own link and text.
  items.push(
    { guid: 'dup', link: 'https://paper.example/ferry', title: 'Ferry service resumes', body: makeItems('x', 1, 120, 'ferry')[0]!.body },
    { guid: 'dup', link: 'https://paper.example/library', title: 'Library extends hours', body: makeItems('x', 1, 120, 'library')[0]!.body },
  );
  pub.feeds['/feed.xml'] = rss('Paper', pub.url, items);
  inst = await startInstance({ sources: [{ id: 'paper', url: `${pub.url}/feed.xml`, interval: '15m' }], feeds: [{ id: 'all', title: 'All' }] });
}, 60_000);

afterAll(async () => {
  await inst?.close();
  await pub?.close();
});

describe('repeated GUIDs', () => {
  it('both stories are stored, each under its own link', async () => {
    expect(await crawl()).toMatchObject({ status: 'ok', new: 10, updated: 0 });
    const stored = await inst.rt.deps.articles.getMany(await inst.rt.deps.articles.recentIds(0, 100));
    expect(stored).toHaveLength(10);
    expect(stored.filter((a) => a.url.endsWith('/ferry') || a.url.endsWith('/library')).map((a) => a.title).sort()).toEqual([
      'Ferry service resumes',
      'Library extends hours',
    ]);
  });

  it('a later crawl of the changed document updates only what changed (no flip-flop between the two)', async () => {
    items[0] = { ...items[0]!, title: `${items[0]!.title} (corrected)` };
    pub.feeds['/feed.xml'] = rss('Paper', pub.url, items);
    expect(await crawl()).toMatchObject({ status: 'ok', new: 0, updated: 1 });
    expect(await inst.rt.deps.articles.count()).toBe(10);
  });
});
