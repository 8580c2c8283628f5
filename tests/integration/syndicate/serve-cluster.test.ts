/**
 * `feedmill serve` with `server.processes: 2` (node:cluster), run as an operator runs it: both workers serve
 * the feed on one port, a worker that dies is replaced, and SIGTERM stops workers and primary cleanly.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishFeed } from '../../../src/pipeline/publish-feed.js';
import { spawnCli } from '../../helpers/cli.js';
import { startInstance, waitFor, type Instance } from '../../helpers/instance.js';
import { freePort } from '../../helpers/net.js';
import { seed, seedArticle } from './seed.js';

let inst: Instance;

beforeAll(async () => {
  inst = await startInstance({ settings: { server: { processes: 2 } }, feeds: [{ id: 'all', title: 'All', limit: 5 }] });
  await seed(inst.rt.deps.articles, Array.from({ length: 3 }, (_, i) => seedArticle(i + 1)));
  await publishFeed(inst.config.feeds[0]!, { ...inst.rt.deps, notifyHub: async () => [] });
});
afterAll(async () => {
  await inst?.close();
});

function workersOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

const servingLines = (out: string) => out.match(/"msg":"serving feeds"/g)?.length ?? 0;

describe('serve cluster', () => {
  it('serves from every worker on one port, replaces a dead worker, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const run = spawnCli(['serve', '--config', inst.configDir], {
      REDIS_URL: inst.env.REDIS_URL,
      FEEDMILL_REDIS_PREFIX: inst.prefix,
      PORT: String(port),
      LOG_LEVEL: 'info',
    });
    try {
      await waitFor(() => servingLines(run.output()) >= 2, 30_000, 'two workers serving');
      const primary = run.child.pid!;
      const workers = workersOf(primary);
      expect(workers).toHaveLength(2);
      // Distinct connections are spread over the workers (round robin); each answers the same bytes.
      const answers = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const res = await fetch(`${base}/feeds/all.rss`, { headers: { connection: 'close' } });
          return `${res.status} ${res.headers.get('etag')}`;
        }),
      );
      expect(new Set(answers).size).toBe(1);
      expect(answers[0]).toMatch(/^200 "/);

      process.kill(workers[0]!, 'SIGKILL');
      await waitFor(() => servingLines(run.output()) >= 3, 30_000, 'a replacement worker serving');
      expect(run.output()).toMatch(/"msg":"serve worker exited"/);
      const now = workersOf(primary);
      expect(now).toHaveLength(2);
      expect(now).not.toContain(workers[0]);
      expect((await fetch(`${base}/feeds/all.rss`, { method: 'HEAD' })).status).toBe(200);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
    expect(run.output().match(/"msg":"stopped"/g)).toHaveLength(3);
  });
});
