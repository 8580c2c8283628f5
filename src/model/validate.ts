/** Validators of job payloads: a processor checks its payload before doing anything (DESIGN convention 6). */
import { z } from 'zod';
import type { ArticleJob, FetchJob, PublishJob } from './jobs.js';

const idish = z.string().min(1).max(200);

/** Schema of a fetch job's data. */
export const fetchJobSchema: z.ZodType<FetchJob> = z.object({
  sourceId: idish,
  runId: idish.optional(),
  force: z.boolean().optional(),
});

/** Schema of an article job's data. */
export const articleJobSchema: z.ZodType<ArticleJob> = z.object({
  sourceId: idish,
  itemKeys: z.array(idish).min(1).max(100),
  runId: idish.optional(),
});

/** Schema of a publish job's data. */
export const publishJobSchema: z.ZodType<PublishJob> = z.object({ feedId: idish });
