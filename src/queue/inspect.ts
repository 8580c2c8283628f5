/** Read-outs and global switches of an instance's queues: counts, oldest waiting job, pause state, source schedules. */
import type { Job, Queue } from 'bullmq';
import type { Queues } from './queues.js';

/** One queue as GET /api/queues shows it. */
export interface QueueOverview {
  name: string;
  /** Jobs ready to run (in a paused queue too). */
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** Paused globally: no worker takes its jobs. */
  paused: boolean;
  /** How long the oldest waiting job has been due, or null when none waits. */
  oldestWaitingMs: number | null;
}

/** One source's job scheduler as GET /api/schedules shows it. */
export interface ScheduleView {
  sourceId: string;
  everyMs: number;
  /** Next run (ISO), or null when the scheduler has none planned. */
  nextRunAt: string | null;
}

/** Every queue of the instance, in data-flow order. */
export function allQueues(queues: Queues): Queue[] {
  return [queues.fetch, queues.article, queues.publish, queues.maintain] as Queue[];
}

/** When a job became ready to run: its creation plus any delay it was given. */
function dueAt(job: Job): number {
  return job.timestamp + (job.delay > 0 ? job.delay : 0);
}

/** Counts, pause state and the oldest waiting job of one queue (three round trips). */
export async function overviewOf(queue: Queue, now = Date.now()): Promise<QueueOverview> {
  const [counts, paused, oldest] = await Promise.all([
    queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'),
    queue.isPaused(),
    // Ascending: the tail of the wait (or paused) list, i.e. the job that has waited longest.
    queue.getJobs(['waiting'], 0, 0, true),
  ]);
  const due = oldest.filter((j): j is Job => Boolean(j)).map(dueAt);
  return {
    name: queue.name,
    waiting: (counts.waiting ?? 0) + (counts.paused ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
    paused,
    oldestWaitingMs: due.length > 0 ? Math.max(0, now - Math.min(...due)) : null,
  };
}

/** Every queue's overview. */
export async function queueOverview(queues: Queues, now = Date.now()): Promise<QueueOverview[]> {
  return Promise.all(allQueues(queues).map((q) => overviewOf(q, now)));
}

/** The per-source job schedulers of the fetch queue, soonest first. */
export async function sourceSchedules(queues: Queues): Promise<ScheduleView[]> {
  const all = await queues.fetch.getJobSchedulers(0, -1, true);
  const views = all
    .filter((s) => s.key.startsWith('source-'))
    .map((s) => ({
      sourceId: s.template?.data?.sourceId ?? s.key.slice('source-'.length),
      everyMs: Number(s.every ?? 0),
      nextRunAt: typeof s.next === 'number' ? new Date(s.next).toISOString() : null,
    }));
  return views.sort((a, b) => (a.nextRunAt ?? '\uffff').localeCompare(b.nextRunAt ?? '\uffff') || a.sourceId.localeCompare(b.sourceId));
}

/** True when crawling is paused (the fetch queue is paused globally). */
export async function crawlingPaused(queues: Queues): Promise<boolean> {
  return queues.fetch.isPaused();
}

/**
 * Pauses or resumes all crawling: the fetch queue, globally (every worker process). Job schedulers keep adding
 * their jobs, which wait; article and publish jobs already queued still finish.
 */
export async function setCrawlingPaused(queues: Queues, paused: boolean): Promise<void> {
  if (paused) await queues.fetch.pause();
  else await queues.fetch.resume();
}
