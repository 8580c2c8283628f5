/** Data safety: `feedmill backup` then `feedmill restore` brings an instance back intact — articles, indexes, state, feeds. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crawlOnce } from '../../src/commands/crawl.js';
import { spawnCli } from '../helpers/cli.js';
import { makeItems, rss, startPublisher, type Publisher } from '../helpers/feeds.js';
import { startInstance, type Instance } from '../helpers/instance.js';
import { deletePrefix, testRedis } from '../helpers/redis.js';

let pub: Publisher | undefined;
let inst: Instance | undefined;
const dir = mkdtempSync(join(tmpdir(), 'feedmill-backup-'));

afterAll(async () => {
  await inst?.close();
  await pub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('restores every article, index, source state and rendered feed; a re-crawl then adds nothing', async () => {
    pub = await startPublisher({});
    pub.feeds['/b.xml'] = rss('Backup Daily', pub.url, makeItems(pub.url, 25, 100, 'bk'));
    inst = await startInstance({ sources: [{ id: 'b', url: `${pub.url}/b.xml` }], feeds: [{ id: 'all', title: 'All', limit: 100 }] });
    const crawl = () => crawlOnce([], { config: inst!.configDir, env: inst!.env });
    expect((await crawl())[0]).toMatchObject({ new: 25 });
    const ids = (await inst.rt.deps.articles.recentIds(0, 100)).sort();
    const before = await inst.rt.deps.articles.getMany(ids);
    const feedBefore = await inst.rt.deps.rendered.get('all', 'atom');
    const stateBefore = await inst.rt.deps.sources.get('b');

    const file = join(dir, 'feedmill.backup.jsonl');
    const env = { ...inst.env, FEEDMILL_CONFIG_DIR: inst.configDir } as Record<string, string>;
    const backup = spawnCli(['backup', file], env);
    expect(await backup.exited).toBe(0);
    expect(backup.output()).toMatch(/backed up \d+ keys/);

    const r = testRedis();
    await deletePrefix(r, `${inst.prefix}:`);
    expect(await inst.rt.deps.articles.count()).toBe(0);

    const restore = spawnCli(['restore', file], env);
    expect(await restore.exited).toBe(0);
    expect(restore.output()).toMatch(/restored \d+ keys/);
    await r.quit();

    expect(await inst.rt.deps.articles.getMany(ids)).toEqual(before);
    expect(await inst.rt.deps.rendered.get('all', 'atom')).toEqual(feedBefore);
    expect(await inst.rt.deps.sources.get('b')).toEqual(stateBefore);
    // Identity indexes and validators came back too: the same feed again is a 304 and adds nothing.
    expect((await crawl())[0]).toMatchObject({ status: 'not-modified', new: 0 });
    expect(await inst.rt.deps.articles.count()).toBe(25);
  }, 60_000);
});
