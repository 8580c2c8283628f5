/** A BullMQ Worker for one role: validated payload, a child logger per job, non-retryable errors made unrecoverable. */
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { z } from 'zod';
import { Deferred, FeedmillError } from '../src/model/errors.js';
import { createConnection } from '../src/queue/connection.js';
import { bullPrefix } from '../src/queue/queues.js';
import type { PipelineDeps } from '../src/pipeline/index.js';
import type { Runtime } from '../src/runtime/runtime.js';

/** A role's processor: payload and deps in, result out. */
export type Processor<T, R> = (data: T, deps: PipelineDeps) => Promise<R>;

/** Starts a Worker on `queue` running `processor` with `concurrency` jobs at once. */
export function startWorker<T, R>(
  rt: Runtime,
  queue: string,
  schema: z.ZodType<T>,
  processor: Processor<T, R>,
  concurrency: number,
): Worker<T, R> {
  const connection = createConnection(rt.redisUrl, 'worker');
  connection.on('error', (err: Error) => rt.log.warn({ err: err.message, queue }, 'redis connection error'));
  const worker = new Worker<T, R>(
    queue,
    async (job: Job<T, R>, token?: string) => {
      const parsed = schema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`${queue}: invalid job payload: ${parsed.error.issues[0]?.message ?? ''}`);
      const data = parsed.data as T & { sourceId?: string };
      const log = rt.log.child({ queue, jobId: job.id, ...(data.sourceId ? { sourceId: data.sourceId } : {}) });
      try {
        return await processor(parsed.data, { ...rt.deps, log });
      } catch (err) {
        if (err instanceof Deferred && token) {
          // Politeness, not failure: the job goes back to the delayed set without using up an attempt.
          await job.moveToDelayed(Date.now() + err.delayMs, token);
          throw new DelayedError(err.message);
        }
        // The stable code rides along so failures can be counted by it (feedmill_job_failures_total).
        if (err instanceof FeedmillError && !err.retryable) throw Object.assign(new UnrecoverableError(err.message), { code: err.code });
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'job failed');
        throw err;
      }
    },
    {
      connection,
      prefix: bullPrefix(rt.config.redis.prefix),
      concurrency,
      autorun: true,
      lockDuration: rt.config.workers.lockDurationMs,
      stalledInterval: rt.config.workers.stalledIntervalMs,
      // A job whose worker died several times in a row (a poison job) is failed, visible with its reason,
      // rather than retried forever; a few crashes of unrelated causes must not lose it.
      maxStalledCount: 5,
    },
  );
  worker.on('error', (err) => rt.log.warn({ err: err.message, queue }, 'worker error'));
  // BullMQ leaves a connection it was handed open: close ours once the worker has finished its jobs.
  worker.on('closed', () => void connection.quit().catch(() => connection.disconnect()));
  worker.on('failed', (job, err) => rt.log.warn({ queue, jobId: job?.id, err: err.message }, 'job failed for good or will retry'));
  return worker;
}
