/**
 * `feedmill sources …` as operators run it (child processes on real Redis), and the config sync a starting worker does:
 * sources.yaml wins for its ids, sources dropped from it go, runtime sources stay.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulerKey } from '../../../src/queue/queues.js';
import { createQueues } from '../../../src/queue/queues.js';
import { SourceRegistry } from '../../../src/sources/registry.js';
import { spawnCli } from '../../helpers/cli.js';
import { writeConfigDir, type ConfigDir } from '../../helpers/config.js';
import { makeItems, rss, startPublisher, type Publisher } from '../../helpers/feeds.js';
import { deletePrefix, redisUrl, testRedis, uniquePrefix } from '../../helpers/redis.js';

let pub: Publisher;
const prefixes: string[] = [];
const dirs: ConfigDir[] = [];

beforeAll(async () => {
  pub = await startPublisher({ '/wire.xml': rss('Wire', 'http://x', makeItems('http://x', 1)), '/added.xml': rss('Added', 'http://x', makeItems('http://x', 2)) });
});

afterAll(async () => {
  await pub.close();
  const r = testRedis();
  for (const p of prefixes) await deletePrefix(r, `${p}:`);
  await r.quit();
  for (const d of dirs) d.cleanup();
});

function setup(sources: Record<string, unknown>[]) {
  const prefix = uniquePrefix('srccli');
  prefixes.push(prefix);
  const cfg = writeConfigDir({ sources, feeds: [{ id: 'all', title: 'All' }] });
  dirs.push(cfg);
  const env = { REDIS_URL: redisUrl(), FEEDMILL_REDIS_PREFIX: prefix, FEEDMILL_ALLOW_PRIVATE_NETWORKS: '1', LOG_LEVEL: 'error', PORT: '0' };
  const run = async (...args: string[]) => {
    const p = spawnCli(['sources', ...args, '--config', cfg.dir], env);
    const code = await p.exited;
    return { code, out: p.output() };
  };
  return { prefix, cfg, env, run };
}

describe('feedmill sources', () => {
  it('adds, lists, pauses, refuses config-owned changes, exports, removes and imports', async () => {
    const { run, cfg } = setup([{ id: 'wire', url: `${pub.url}/wire.xml`, interval: '1h' }]);
    const added = await run('add', `${pub.url}/added.xml`, '--id', 'added', '--type', 'feed', '--interval', '2h', '--category', 'a', '--category', 'b', '--json');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out)).toMatchObject({ id: 'added', origin: 'runtime', intervalMs: 7_200_000, paused: false });

    const list = await run('list', '--json');
    expect((JSON.parse(list.out) as { id: string; origin: string }[]).map((v) => `${v.id}:${v.origin}`)).toEqual(['added:runtime', 'wire:config']);
    expect((await run('list')).out).toMatch(/^added\s+runtime\s+\S+\s+feed\s+2h\s+/m);

    expect((await run('pause', 'added')).out).toMatch(/^paused added: feed /m);
    const refused = await run('update', 'wire', '--interval', '2h');
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/sources\.yaml.*\[CONFIG_OWNED\]/);
    expect((await run('show', 'nope')).out).toMatch(/no source "nope" \[NOT_FOUND\]/);

    const file = join(cfg.dir, 'sources.opml');
    expect((await run('export', file)).code).toBe(0);
    const opml = readFileSync(file, 'utf8');
    expect(opml).toMatch(/feedmill:id="added"[^>]*feedmill:interval="2h"[^>]*feedmill:categories="a,b"/);

    expect((await run('remove', 'added', '--delete-articles')).out).toMatch(/^removed added and \d+ articles/m);
    const imported = await run('import', file, '--json');
    expect(JSON.parse(imported.out)).toMatchObject({ added: ['added'], skipped: [{ id: 'wire', code: 'CONFLICT' }] });
    const show = JSON.parse((await run('show', 'added')).out) as { categories?: unknown; intervalMs: number; paused: boolean };
    expect(show).toMatchObject({ intervalMs: 7_200_000, paused: false });
  }, 120_000);

  it('discovers a site\'s feed without adding it', async () => {
    const { run } = setup([]);
    const res = await run('discover', `${pub.url}/wire.xml`, '--json');
    expect(JSON.parse(res.out)).toEqual([{ url: `${pub.url}/wire.xml`, type: 'rss', title: 'Wire' }]);
    expect(JSON.parse((await run('list', '--json')).out)).toEqual([]);
  }, 60_000);

  it('a starting worker syncs sources.yaml: config wins, dropped config sources go, runtime and paused stay', async () => {
    const { prefix, cfg, env, run } = setup([
      { id: 'a', url: `${pub.url}/wire.xml` },
      { id: 'b', url: `${pub.url}/wire.xml?b` },
    ]);
    const start = async () => {
      const p = spawnCli(['worker', '--roles', 'fetch', '--config', cfg.dir], { ...env, LOG_LEVEL: 'info' });
      await p.waitFor(/workers started/);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    };
    await start();
    expect((await run('add', `${pub.url}/added.xml`, '--id', 'rt', '--type', 'feed')).code).toBe(0);
    expect((await run('pause', 'a')).code).toBe(0);
    // The operator edits sources.yaml: b is gone, a changes its interval.
    writeFileSync(join(cfg.dir, 'sources.yaml'), `sources:\n  - { id: a, url: "${pub.url}/wire.xml", interval: 3h }\n`);
    await start();

    const redis = testRedis();
    const queues = createQueues(redis, prefix);
    try {
      const list = await new SourceRegistry(redis, prefix).list();
      expect(list.map((s) => [s.id, s.origin, s.paused, s.intervalMs])).toEqual([
        ['a', 'config', true, 10_800_000],
        ['rt', 'runtime', false, 900_000],
      ]);
      expect(await queues.fetch.getJobScheduler(schedulerKey('a'))).toBeUndefined();
      expect(await queues.fetch.getJobScheduler(schedulerKey('b'))).toBeUndefined();
      expect(await queues.fetch.getJobScheduler(schedulerKey('rt'))).toBeDefined();
    } finally {
      await queues.close();
      await redis.quit();
    }
  }, 120_000);
});
