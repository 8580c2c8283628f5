/** feeds.yaml may select runtime sources by id: the config loads without them, and their articles reach the feed once added. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlOnce } from '../../../src/commands/crawl.js';
import { startDemoSite, type DemoSite } from '../../../demo/site.js';
import { startInstance, type Instance } from '../../helpers/instance.js';

let site: DemoSite;
let inst: Instance | undefined;

beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
});

afterAll(async () => {
  await inst?.close();
  await site.close();
});

describe('feed filters naming runtime sources', () => {
  it('a feed filtered to a source added at run time carries that source only', async () => {
    inst = await startInstance({
      http: true,
      sources: [{ id: 'hstoday', url: `${site.url}/hstoday/feed/` }],
      // `civic` is not in sources.yaml: an operator adds it with `feedmill sources add` (below, through the registry).
      feeds: [
        { id: 'partner', title: 'Civic only', filter: { sources: ['civic'] } },
        { id: 'all', title: 'All' },
      ],
    });
    await inst.rt.deps.registry.insert({
      id: 'civic',
      url: `${site.url}/civic/feed.json`,
      type: 'feed',
      intervalMs: 3600_000,
      adaptive: false,
      fullText: false,
      categories: [],
      headers: {},
      origin: 'runtime',
      paused: false,
      addedAt: new Date().toISOString(),
    });
    const summary = await crawlOnce([], { config: inst.configDir, env: inst.env });
    expect(summary.map((s) => [s.sourceId, s.status, s.errors])).toEqual([
      ['hstoday', 'ok', 0],
      ['civic', 'ok', 0],
    ]);
    const partner = (await (await fetch(`${inst.url}/feeds/partner.json`)).json()) as { items: { url: string }[] };
    const all = (await (await fetch(`${inst.url}/feeds/all.json`)).json()) as { items: { url: string }[] };
    const civic = summary.find((s) => s.sourceId === 'civic')!;
    expect(partner.items.length).toBe(civic.items);
    expect(partner.items.length).toBeGreaterThan(0);
    expect(partner.items.every((i) => i.url.includes('/civic/'))).toBe(true);
    expect(all.items.length).toBeGreaterThan(partner.items.length);
  });
});
