/** Queue factories, default job options and the producers of each stage's jobs. */
import { createHash } from 'node:crypto';
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { ArticleJob, ArticleJobResult, FetchJob, FetchResult, PublishJob } from '../model/jobs.js';
import { QUEUES } from '../model/jobs.js';
import type { Source } from '../model/source.js';

/** BullMQ's key prefix for an instance: every queue key starts with the instance prefix. */
export function bullPrefix(prefix: string): string {
  return `${prefix}:q`;
}

/** Defaults for every job: bounded retries with backoff, completed jobs kept an hour (crawl --once reads results). */
export const JOB_DEFAULTS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 3600, count: 20_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Name of the housekeeping queue (retention), processed by the process that runs the publish role. */
export const MAINTAIN_QUEUE = 'maintain';

/** Job scheduler key of the periodic maintenance job. */
export const MAINTENANCE_SCHEDULER = 'maintenance';

/** Payload of a maintenance job: which chore to run (retention, or re-extraction of one source's stored articles). */
export type MaintainJob = { task: 'retention' } | { task: 'reextract'; sourceId: string };

/** Queues a re-extraction of a source's stored articles (run by the maintenance worker); returns the job id. */
export async function enqueueReextract(queues: Queues, sourceId: string, at = Date.now()): Promise<string> {
  const id = jobId('reextract', sourceId, String(at));
  await queues.maintain.add('reextract', { task: 'reextract', sourceId }, { jobId: id });
  return id;
}

/** The three pipeline queues of one instance, plus the maintenance queue. */
export interface Queues {
  fetch: Queue<FetchJob, FetchResult>;
  article: Queue<ArticleJob, ArticleJobResult>;
  publish: Queue<PublishJob>;
  maintain: Queue<MaintainJob>;
  close(): Promise<void>;
}

/** Opens the fetch, article and publish queues on one (producer) connection. */
export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const opts = { connection, prefix: bullPrefix(prefix), defaultJobOptions: JOB_DEFAULTS };
  const fetch = new Queue<FetchJob, FetchResult>(QUEUES.fetch, opts);
  const article = new Queue<ArticleJob, ArticleJobResult>(QUEUES.article, opts);
  const publish = new Queue<PublishJob>(QUEUES.publish, opts);
  // One attempt: a failed pass is simply finished by the next scheduled one; keep only a few results.
  const maintain = new Queue<MaintainJob>(MAINTAIN_QUEUE, {
    ...opts,
    defaultJobOptions: { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } },
  });
  // Each concurrent call waiting for the connection adds a listener; hundreds in flight are normal under load.
  for (const q of [fetch, article, publish, maintain]) q.setMaxListeners(1000);
  return {
    fetch,
    article,
    publish,
    maintain,
    close: async () => {
      await Promise.all([fetch.close(), article.close(), publish.close(), maintain.close()]);
    },
  };
}

/** A BullMQ-safe job id (custom ids may not contain ":"). */
export function jobId(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_.-]/g, '_')).join('-');
}

/** Short stable hash used inside job ids. */
export function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('base64url').slice(0, 22);
}

/** Adds a one-off fetch of a source (operator "crawl now" or `crawl --once`). */
export async function enqueueFetch(queues: Queues, source: string, opts: { runId?: string; force?: boolean } = {}): Promise<string> {
  const id = jobId('fetch', opts.runId ?? `now${Date.now()}`, source);
  const data: FetchJob = { sourceId: source, ...(opts.runId ? { runId: opts.runId } : {}), ...(opts.force ? { force: true } : {}) };
  // Source errors are recorded on the source, not thrown, so one attempt is enough for a manual run.
  await queues.fetch.add('fetch', data, { jobId: id, attempts: 2 });
  return id;
}

/** Asks for a render of a feed; renders requested within the debounce window are coalesced into one. */
export async function enqueuePublish(queues: Queues, feedId: string, debounceMs: number): Promise<void> {
  await queues.publish.add(
    'publish',
    { feedId },
    { delay: debounceMs, deduplication: { id: jobId('publish', feedId), ttl: Math.max(debounceMs, 1) } },
  );
}

/** The job scheduler key of a source. */
export function schedulerKey(sourceId: string): string {
  return jobId('source', sourceId);
}

/** Sets a source's job scheduler: every `everyMs`, first run at `startAt` when given (the adaptive next check). */
export async function scheduleSource(queues: Queues, sourceId: string, everyMs: number, startAt?: Date): Promise<void> {
  await queues.fetch.upsertJobScheduler(
    schedulerKey(sourceId),
    { every: everyMs, ...(startAt ? { startDate: startAt } : {}) },
    { name: 'fetch', data: { sourceId } },
  );
}

/** Removes a source's job scheduler (source removed, or muted after 410 Gone). */
export async function unscheduleSource(queues: Queues, sourceId: string): Promise<void> {
  await queues.fetch.removeJobScheduler(schedulerKey(sourceId));
}

/**
 * Makes the fetch queue's job schedulers match the configured sources: one per source, removed when the source is.
 * `plan` may give a source's current interval and next check (adaptive scheduling keeps them across restarts).
 */
export async function syncSchedulers(
  queues: Queues,
  sources: readonly Source[],
  plan: (s: Source) => { everyMs: number; startAt?: Date } | undefined = (s) => ({ everyMs: s.intervalMs }),
): Promise<void> {
  const wanted = new Set<string>();
  for (const s of sources) {
    const p = plan(s);
    if (!p) continue;
    wanted.add(schedulerKey(s.id));
    await scheduleSource(queues, s.id, p.everyMs, p.startAt && p.startAt.getTime() > Date.now() ? p.startAt : undefined);
  }
  const existing = await queues.fetch.getJobSchedulers(0, -1);
  for (const sch of existing) {
    const key = sch.key;
    if (key && key.startsWith('source-') && !wanted.has(key)) await queues.fetch.removeJobScheduler(key);
  }
}

/**
 * Sets the periodic maintenance job (retention every `everyMs`); idempotent, so every publish-role process may call it.
 * A schedule with the same interval is left alone (restarts do not push it back); a new one first runs one interval from
 * now, so a freshly started instance never deletes anything before its operator has seen it run.
 */
export async function scheduleMaintenance(queues: Queues, everyMs: number, now = Date.now()): Promise<void> {
  const current = await queues.maintain.getJobScheduler(MAINTENANCE_SCHEDULER);
  if (current && Number(current.every) === everyMs) return;
  await queues.maintain.upsertJobScheduler(
    MAINTENANCE_SCHEDULER,
    { every: everyMs, startDate: new Date(now + everyMs) },
    { name: 'retention', data: { task: 'retention' } },
  );
}
