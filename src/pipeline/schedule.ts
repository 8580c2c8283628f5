/** After every fetch: when to check the source next, and why — stored on the source and applied to its job scheduler. */
import type { Source } from '../model/source.js';
import { scheduleSource, unscheduleSource } from '../queue/queues.js';
import { nextCheck, type PublisherHints } from '../schedule/index.js';
import type { SourceState } from '../store/index.js';
import type { PipelineDeps } from './deps.js';

/** Publish times kept per source for the adaptive interval. */
const KEEP_DATES = 50;

/** What a fetch learned that bears on the next check: the publisher's hints, item dates, a Retry-After. */
export interface FetchHints extends Pick<PublisherHints, 'ttlMinutes' | 'cacheControl' | 'expires'> {
  itemDates?: string[];
  retryAfterMs?: number;
}

/** Decides the next check, records it on `state` (not yet saved) and moves the source's job scheduler. */
export async function planNextCheck(fetched: Source, state: SourceState, hints: FetchHints, deps: PipelineDeps): Promise<void> {
  if (hints.itemDates && hints.itemDates.length > 0) {
    const merged = [...new Set([...hints.itemDates, ...(state.recentItemDates ?? [])])].sort().reverse();
    state.recentItemDates = merged.slice(0, KEEP_DATES);
  }
  // An operator may have changed, paused or removed the source while it was fetched: plan with what holds now.
  const source = await deps.registry.get(fetched.id);
  if (!source || source.paused) {
    delete state.nextCheckAt;
    await unscheduleSource(deps.queues, fetched.id);
    return;
  }
  const s = deps.config.schedule;
  const decision = nextCheck({
    now: deps.now().getTime(),
    ...(source.adaptive ? { defaultIntervalMs: source.intervalMs } : { configuredIntervalMs: source.intervalMs }),
    minIntervalMs: s.minIntervalMs,
    maxIntervalMs: s.maxIntervalMs,
    itemDates: (state.recentItemDates ?? []).map((d) => Date.parse(d)).filter((t) => Number.isFinite(t)),
    ...(hints.ttlMinutes !== undefined ? { ttlMinutes: hints.ttlMinutes } : {}),
    ...(hints.cacheControl ? { cacheControl: hints.cacheControl } : {}),
    ...(hints.expires ? { expires: hints.expires } : {}),
    ...(hints.retryAfterMs !== undefined ? { retryAfterMs: hints.retryAfterMs } : {}),
    consecutiveFailures: state.consecutiveFailures,
    gone: state.status === 'gone',
    sourceId: source.id,
  });
  state.intervalMs = decision.intervalMs;
  state.intervalReason = decision.reason;
  if (decision.nextCheckAt === undefined) {
    // 410 Gone: muted until an operator crawls it again (POST /api/sources/{id}/crawl).
    delete state.nextCheckAt;
    await unscheduleSource(deps.queues, source.id);
    return;
  }
  state.nextCheckAt = new Date(decision.nextCheckAt).toISOString();
  await scheduleSource(deps.queues, source.id, decision.intervalMs, new Date(decision.nextCheckAt));
}
