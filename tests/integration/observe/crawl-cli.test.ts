/**
 * Crawl control from the CLI with stdout piped (not a TTY): `crawl --once` and `crawl IDS --wait` print one plain
 * progress line per finished source, a closing line, then the summary; `crawl IDS` only enqueues; `pause`,
 * `resume` and `schedules` act on a running instance (real Redis, BullMQ workers in this test process).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleSource } from '../../../src/queue/queues.js';
import { spawnCli } from '../../helpers/cli.js';
import { writeConfigDir, type ConfigDir } from '../../helpers/config.js';
import { rss, startPublisher, type Publisher } from '../../helpers/feeds.js';
import { startInstance, type Instance } from '../../helpers/instance.js';
import { deletePrefix, redisUrl, testRedis, uniquePrefix } from '../../helpers/redis.js';

let pub: Publisher;
let inst: Instance;
const dirs: ConfigDir[] = [];
const prefixes: string[] = [];

const sources = () => [
  { id: 'daily', url: `${pub.url}/feed.xml` },
  { id: 'broken', url: `${pub.url}/missing.xml` },
];

beforeAll(async () => {
  pub = await startPublisher({});
  const items = Array.from({ length: 3 }, (_, i) => ({
    guid: `cli-obs-${i}`,
    link: `${pub.url}/story/${i}`,
    title: `CLI observed story ${i}`,
    body: `Story ${i} tells of the market, the river and subject ${i} at some length. `.repeat(6),
  }));
  pub.feeds['/feed.xml'] = rss('CLI Observed', pub.url, items);
  // The running instance the enqueueing commands talk to: workers here, the CLI in a child process.
  inst = await startInstance({ roles: ['fetch', 'article', 'publish'], sources: sources(), feeds: [{ id: 'all', title: 'All' }] });
  await inst.rt.deps.registry.syncFromConfig(inst.config.sources);
}, 60_000);

afterAll(async () => {
  await inst?.close();
  await pub?.close();
  const r = testRedis();
  for (const p of prefixes) await deletePrefix(r, `${p}:`);
  await r.quit();
  for (const d of dirs) d.cleanup();
});

const cli = (args: string[]) => spawnCli([...args, '--config', inst.configDir], { ...inst.env, LOG_LEVEL: 'warn' });

describe('crawl progress when stdout is not a TTY', { timeout: 120_000 }, () => {
  it('crawl --once prints a line per finished source, a closing line, then the summary table', async () => {
    const cfg = writeConfigDir({ sources: sources(), feeds: [{ id: 'all', title: 'All' }] });
    dirs.push(cfg);
    const prefix = uniquePrefix('cliobs');
    prefixes.push(prefix);
    const run = spawnCli(['crawl', '--once', '--config', cfg.dir], {
      REDIS_URL: redisUrl(),
      FEEDMILL_REDIS_PREFIX: prefix,
      FEEDMILL_ALLOW_PRIVATE_NETWORKS: '1',
      LOG_LEVEL: 'warn',
    });
    expect(await run.exited).toBe(0);
    const out = run.output();
    // No terminal control sequences when piped.
    expect(out).not.toContain('\r');
    expect(out).not.toContain('\u001b[');
    expect(out).toMatch(/^crawl: [12]\/2 daily ok, 3 items, 3 new, 0 updated, 0 duplicate, 0 errors \(\d+(\.\d)?s\)$/m);
    expect(out).toMatch(/^crawl: [12]\/2 broken error HTTP_4XX, 0 items, 0 new, 0 updated, 0 duplicate, 1 error \(\d+(\.\d)?s\)$/m);
    expect(out).toMatch(/^crawl: done, 2\/2 sources, 3 new \(0 duplicate\), 0 updated, 1 error in \d+(\.\d)?s$/m);
    const lines = out.split('\n');
    expect(lines.findIndex((l) => l.startsWith('crawl: done'))).toBeLessThan(lines.findIndex((l) => /^source\s+status/.test(l)));
    expect(out).toMatch(/^daily\s+ok\s+3\s+3\s+0\s+0\s+0\s+0$/m);
  });

  it('crawl IDS --wait enqueues into the running instance and follows the jobs to the summary', async () => {
    const run = cli(['crawl', 'daily', 'broken', '--wait']);
    expect(await run.exited).toBe(0);
    const out = run.output();
    expect(out).toMatch(/^crawl: [12]\/2 daily ok, 3 items, 3 new, 0 updated/m);
    expect(out).toMatch(/^crawl: [12]\/2 broken error HTTP_4XX/m);
    expect(out).toMatch(/^crawl: done, 2\/2 sources, 3 new/m);
    expect(out).toMatch(/^daily\s+ok\s+3\s+3\s+0\s+0\s+0\s+0$/m);
    // The instance's own workers did the work: its fetch history has the forced fetch.
    const page = await inst.rt.deps.history!.fetches('daily', 0, 10);
    expect(page.items[0]).toMatchObject({ status: 200, new: 3 });
  });

  it('crawl IDS without --wait only enqueues; without ids or --all it refuses', async () => {
    const run = cli(['crawl', 'daily']);
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/^queued daily \(job fetch-[\w-]+-daily\)$/m);
    const bare = cli(['crawl']);
    expect(await bare.exited).toBe(2);
    expect(bare.output()).toMatch(/name the sources to crawl, or pass --all/);
  });
});

describe('pause, resume and schedules', { timeout: 120_000 }, () => {
  it('pause and resume switch the fetch queue for every worker; schedules lists the next runs', async () => {
    // As a `start` process keeps them: one job scheduler per source, next run an hour out.
    for (const id of ['daily', 'broken']) await scheduleSource(inst.rt.deps.queues, id, 3_600_000, new Date(Date.now() + 3_600_000));
    const paused = cli(['pause']);
    expect(await paused.exited).toBe(0);
    expect(paused.output()).toMatch(/crawling paused/);
    expect(await inst.rt.deps.queues.fetch.isPaused()).toBe(true);
    const table = cli(['schedules']);
    expect(await table.exited).toBe(0);
    expect(table.output()).toMatch(/^crawling is paused/m);
    expect(table.output()).toMatch(/^daily\s+\S+\s+\d{4}-\d\d-\d\dT\S+Z\s+in \S+/m);
    const resumed = cli(['resume']);
    expect(await resumed.exited).toBe(0);
    expect(await inst.rt.deps.queues.fetch.isPaused()).toBe(false);
    const json = cli(['schedules', '--json']);
    expect(await json.exited).toBe(0);
    const rows = JSON.parse(json.output()) as { sourceId: string; everyMs: number; nextRunAt: string }[];
    expect(rows.map((r) => r.sourceId).sort()).toEqual(['broken', 'daily']);
    expect(rows.find((r) => r.sourceId === 'daily')?.everyMs).toBe(3_600_000);
  });
});
