/** A source's job scheduler as its definition and state want it: shared by start-up sync and the manage use cases. */
import type { Source } from '../model/source.js';
import { scheduleSource, unscheduleSource, type Queues } from '../queue/queues.js';
import type { SourceState } from '../store/index.js';

/** Interval and first run of a source's scheduler. */
export interface SchedulePlan {
  everyMs: number;
  startAt?: Date;
}

/**
 * The scheduler a source should have, or undefined for none (a muted 410 Gone source). Keeps the adaptive plan across
 * restarts: the interval in force and the next check already decided.
 */
export function schedulePlan(s: Source, st: SourceState | undefined, now = Date.now()): SchedulePlan | undefined {
  if (st?.status === 'gone') return undefined;
  const next = st?.nextCheckAt ? new Date(st.nextCheckAt) : undefined;
  if (!s.adaptive) return { everyMs: s.intervalMs, ...(next && next.getTime() <= now + s.intervalMs ? { startAt: next } : {}) };
  return { everyMs: st?.intervalMs ?? s.intervalMs, ...(next ? { startAt: next } : {}) };
}

/** Sets (or removes) one source's scheduler per its plan; paused sources have none. */
export async function applySchedule(queues: Queues, s: Source & { paused?: boolean }, st: SourceState | undefined, now = Date.now()): Promise<void> {
  const plan = s.paused ? undefined : schedulePlan(s, st, now);
  if (!plan) {
    await unscheduleSource(queues, s.id);
    return;
  }
  // A first run in the past means "due now": the scheduler then starts at once.
  await scheduleSource(queues, s.id, plan.everyMs, plan.startAt && plan.startAt.getTime() > now ? plan.startAt : undefined);
}
