/** Render pacing on real Redis and a real publish worker: the pace a render sets, and the waits requests get from it. */
import { afterEach, describe, expect, it } from 'vitest';
import { publishFeed } from '../../../src/pipeline/publish-feed.js';
import { paceFor, requestRenders } from '../../../src/pipeline/publish-pace.js';
import { startInstance, waitFor, type Instance } from '../../helpers/instance.js';
import { seed, seedArticle } from './seed.js';

let inst: Instance | undefined;
afterEach(async () => {
  await inst?.close();
  inst = undefined;
});

const open = (roles: ('publish')[] = []) =>
  startInstance({
    settings: { publish: { debounce: '100ms', renderShare: 0.25 } },
    feeds: [
      { id: 'all', title: 'All' },
      { id: 'other', title: 'Other' },
    ],
    roles,
  });

describe('render pacing', () => {
  it('a render records how long it took and the pace that keeps the feed to its share of the time', async () => {
    inst = await open();
    await seed(inst.rt.deps.articles, Array.from({ length: 5 }, (_, i) => seedArticle(i + 1)));
    const r = await publishFeed(inst.config.feeds[0]!, inst.rt.deps);
    expect(r.renderMs).toBeGreaterThan(0);
    expect(r.paceMs).toBe(paceFor(r.renderMs, 0.25));
    expect(r.paceMs).toBeGreaterThan(0);
    // Only the feed rendered has a pace.
    expect(await inst.rt.deps.rendered.paces(['all', 'other'])).toEqual([r.paceMs, 0]);
  });

  it('requests wait for the longer of the debounce window and the pace, and coalesce within it', async () => {
    inst = await open();
    await inst.rt.deps.rendered.setPace('all', 5000);
    for (let i = 0; i < 5; i++) await requestRenders(['all', 'other'], inst.rt.deps);
    const delayed = await inst.rt.deps.queues.publish.getDelayed();
    const delays = Object.fromEntries(delayed.map((j) => [j.data.feedId, j.opts.delay]));
    expect(delayed).toHaveLength(2);
    expect(delays).toEqual({ all: 5000, other: 100 });
  });

  it('with pacing turned off (renderShare 1), a pace recorded before is not waited for', async () => {
    inst = await open();
    await inst.rt.deps.rendered.setPace('all', 5000);
    const off = { ...inst.rt.deps, config: { ...inst.config, publish: { ...inst.config.publish, renderShare: 1 } } };
    await requestRenders(['all'], off);
    const [job] = await inst.rt.deps.queues.publish.getDelayed();
    expect(job?.opts.delay).toBe(100);
  });

  it('a publish worker renders on request and counts the time in feedmill_publish_render_seconds_total', async () => {
    inst = await open(['publish']);
    await seed(inst.rt.deps.articles, [seedArticle(1)]);
    await requestRenders(['all'], inst.rt.deps);
    const rendered = inst.rt.deps.rendered;
    await waitFor(async () => (await rendered.etag('all', 'rss')) !== undefined, 15_000, 'the render');
    await waitFor(async () => (await rendered.paces(['all']))[0]! > 0, 5_000, 'the pace');
    await waitFor(async () => ((await inst!.rt.metrics.renderSeconds.get()).values[0]?.value ?? 0) > 0, 5_000, 'the render time counted');
    const m = await inst.rt.metrics.registry.getSingleMetricAsString('feedmill_publish_render_seconds_total');
    expect(m).toMatch(/feedmill_publish_render_seconds_total\{feed="all"\} 0\.\d+/);
  });
});
