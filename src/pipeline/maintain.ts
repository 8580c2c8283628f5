/** The maintenance use case: one retention pass with the configured limits, then re-render feeds that may have lost items. */
import { z } from 'zod';
import type { MaintainJob } from '../queue/queues.js';
import type { RetentionResult } from '../store/retention.js';
import type { PipelineDeps } from './deps.js';
import { requestRenders } from './publish-pace.js';
import { reextractSource, type ReextractResult } from './reextract.js';

/** Validates a maintenance job payload. */
export const maintainJobSchema: z.ZodType<MaintainJob> = z.union([
  z.object({ task: z.literal('retention') }).strict(),
  z.object({ task: z.literal('reextract'), sourceId: z.string().min(1) }).strict(),
]);

/** Runs one maintenance job: a retention pass, or the re-extraction of a source's stored articles. */
export async function runMaintenance(job: MaintainJob, deps: PipelineDeps): Promise<RetentionResult | ReextractResult> {
  return job.task === 'reextract' ? reextractSource(job.sourceId, deps) : runRetention(deps);
}

/** Applies `config.retention` once (bounded: a backlog is finished by the following passes) and returns the counts. */
export async function runRetention(deps: PipelineDeps): Promise<RetentionResult> {
  const r = deps.config.retention;
  const res = await deps.articles.retain({ maxAgeMs: r.maxAgeMs, maxPerSource: r.maxPerSource, now: deps.now() }, deps.nearDup);
  // Rendered feeds still list what was deleted until their next render: ask for one (debounced and paced, so cheap).
  if (res.deleted > 0) await requestRenders(deps.config.feeds.map((f) => f.id), deps);
  deps.log.info({ ...res }, 'retention pass');
  return res;
}
