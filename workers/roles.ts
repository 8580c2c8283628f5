/** Thin entry points: start the workers of the requested roles in this process. */
import type { Worker } from 'bullmq';
import { QUEUES, type ArticleJobResult, type FetchResult, type Role } from '../src/model/jobs.js';
import { articleJobSchema, fetchJobSchema, publishJobSchema } from '../src/model/validate.js';
import { ingestSource, processArticles, publishFeed } from '../src/pipeline/index.js';
import { FeedmillError } from '../src/model/errors.js';
import { maintainJobSchema, runRetention } from '../src/pipeline/maintain.js';
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

/** Counts what each finished job did into this process's metrics. */
function countResults(rt: Runtime, workers: Worker[]): void {
  const m = rt.metrics;
  for (const w of workers) {
    w.on('completed', (job, result: unknown) => {
      if (w.name === QUEUES.fetch) {
        const r = result as FetchResult;
        m.fetches.inc({ source: r.sourceId, result: r.status === 'error' ? (r.errorCode ?? 'error') : r.status.replace('-', '_') });
      } else if (w.name === QUEUES.article) {
        for (const i of (result as ArticleJobResult).items) m.articles.inc({ source: (job.data as { sourceId: string }).sourceId, outcome: i.outcome });
      } else if (w.name === QUEUES.publish) {
        m.renders.inc({ feed: (job.data as { feedId: string }).feedId });
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
          if (!def) return { feedId: data.feedId, items: 0, changed: [] };
          return publishFeed(def, deps);
        },
        c.workers.publishConcurrency,
      ),
    );
    // Housekeeping rides with the publish role: one small pass at a time, after which feeds are re-rendered.
    workers.push(startWorker(rt, MAINTAIN_QUEUE, maintainJobSchema, (_data, deps) => runRetention(deps), 1));
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
