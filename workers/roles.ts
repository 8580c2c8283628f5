/** Thin entry points: start the workers of the requested roles in this process. */
import type { Worker } from 'bullmq';
import { QUEUES, type ArticleJobResult, type FetchResult, type Role } from '../src/model/jobs.js';
import { articleJobSchema, fetchJobSchema, publishJobSchema } from '../src/model/validate.js';
import { ingestSource, processArticles, publishFeed, type PublishResult } from '../src/pipeline/index.js';
import { FeedmillError } from '../src/model/errors.js';
import { maintainJobSchema, runMaintenance } from '../src/pipeline/maintain.js';
import { MAINTAIN_QUEUE } from '../src/queue/queues.js';
import type { Runtime } from '../src/runtime/runtime.js';
import { startWorker } from './worker.js';

/** Every pipeline role, in data-flow order. */
export const ALL_ROLES: readonly Role[] = ['fetch', 'article', 'publish'];

/** Parses "fetch,article" into roles; throws on unknown names. */
export function parseRoles(value: string): Role[] {
  const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
  const bad = roles.filter((r) => !(ALL_ROLES as readonly string[]).includes(r));
  if (bad.length > 0 || roles.length === 0) {
    throw new FeedmillError('config', 'CONFIG', `unknown role(s) "${bad.join(',')}": use any of ${ALL_ROLES.join(',')}`);
  }
  return [...new Set(roles)] as Role[];
}

/** Workers started for a process; `close` stops taking jobs and waits for in-flight ones. */
export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/** The stable code of a failed attempt: the FeedmillError's (carried on UnrecoverableError too), STALLED, or INTERNAL. */
export function failureCode(err: Error): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code)) return code;
  return /stalled/i.test(err.message) ? 'STALLED' : 'INTERNAL';
}

/** Counts a fetch's result: outcome, HTTP status, latency, bytes, 304s. */
function countFetch(m: Runtime['metrics'], r: FetchResult): void {
  const result = r.status === 'error' ? 'error' : r.status.replace('-', '_');
  m.fetches.inc({ source: r.sourceId, result: r.status === 'error' ? (r.errorCode ?? 'error') : result });
  // A job that made no request (unknown or muted source) has no duration: nothing else to count.
  if (r.durationMs === undefined) return;
  m.fetchStatus.inc({ source: r.sourceId, status: r.httpStatus !== undefined ? String(r.httpStatus) : 'none' });
  m.fetchDuration.observe({ result }, r.durationMs / 1000);
  if (r.bytes) m.fetchBytes.inc({ source: r.sourceId }, r.bytes);
  if (r.status === 'not-modified') m.fetchNotModified.inc({ source: r.sourceId });
}

/** Counts what each finished job did into this process's metrics. */
function countResults(rt: Runtime, workers: Worker[]): void {
  const m = rt.metrics;
  for (const w of workers) {
    // Every failed attempt, retried or final; DelayedError (politeness deferral) never reaches 'failed'.
    w.on('failed', (_job, err) => m.jobFailures.inc({ queue: w.name, code: failureCode(err) }));
    w.on('completed', (job, result: unknown) => {
      if (w.name === QUEUES.fetch) {
        countFetch(m, result as FetchResult);
      } else if (w.name === QUEUES.article) {
        const source = (job.data as { sourceId: string }).sourceId;
        for (const i of (result as ArticleJobResult).items) {
          m.articles.inc({ source, outcome: i.outcome });
          if (i.outcome === 'duplicate') m.clusterJoins.inc({ source });
        }
      } else if (w.name === QUEUES.publish) {
        const feed = (job.data as { feedId: string }).feedId;
        m.renders.inc({ feed });
        m.renderSeconds.inc({ feed }, ((result as PublishResult).renderMs ?? 0) / 1000);
      }
    });
  }
}

/** Starts one Worker per role. */
export function startRoles(rt: Runtime, roles: readonly Role[]): RunningWorkers {
  const c = rt.config;
  const workers: Worker[] = [];
  if (roles.includes('fetch')) {
    workers.push(startWorker(rt, QUEUES.fetch, fetchJobSchema, ingestSource, c.fetch.concurrency));
  }
  if (roles.includes('article')) {
    workers.push(startWorker(rt, QUEUES.article, articleJobSchema, processArticles, c.workers.articleConcurrency));
  }
  if (roles.includes('publish')) {
    workers.push(
      startWorker(
        rt,
        QUEUES.publish,
        publishJobSchema,
        async (data, deps) => {
          const def = deps.config.feeds.find((f) => f.id === data.feedId);
          if (!def) return { feedId: data.feedId, items: 0, changed: [], renderMs: 0, paceMs: 0 };
          return publishFeed(def, deps);
        },
        c.workers.publishConcurrency,
      ),
    );
    // Housekeeping rides with the publish role: one small pass at a time, after which feeds are re-rendered.
    workers.push(startWorker(rt, MAINTAIN_QUEUE, maintainJobSchema, runMaintenance, 1));
  }
  countResults(rt, workers);
  return {
    workers,
    // Worker.close() waits for in-flight jobs to finish, so nothing is left stalled by a clean stop.
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
