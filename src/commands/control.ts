/**
 * `feedmill pause` / `feedmill resume`: stop and restart all crawling of an instance (its fetch queue, globally);
 * `feedmill schedules`: every source's job scheduler with its interval and next run. All read or write Redis
 * without starting one.
 */
import { Redis } from 'ioredis';
import { loadConfig } from '../config/index.js';
import { crawlingPaused, setCrawlingPaused, sourceSchedules, type ScheduleView } from '../queue/inspect.js';
import { existingRedisUrl } from '../queue/managed-redis.js';
import { createQueues, type Queues } from '../queue/queues.js';
import { formatDuration } from '../schedule/index.js';
import type { GlobalOptions } from './context.js';

/** Runs `fn` with the instance's queues on an existing Redis, then closes them. */
async function withQueues<T>(opts: GlobalOptions, fn: (queues: Queues) => Promise<T>): Promise<T> {
  const config = loadConfig(opts.config, opts.env);
  const redis = new Redis(await existingRedisUrl(config.redis), { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  const queues = createQueues(redis, config.redis.prefix);
  try {
    return await fn(queues);
  } finally {
    await queues.close();
    await redis.quit();
  }
}

/** `feedmill pause`: scheduled and queued fetch jobs wait (article and publish jobs already queued still finish). */
export async function pauseCommand(opts: GlobalOptions): Promise<void> {
  await withQueues(opts, (q) => setCrawlingPaused(q, true));
  process.stdout.write('crawling paused: fetch jobs wait until `feedmill resume`\n');
}

/** `feedmill resume`: fetch jobs run again, the ones that waited first. */
export async function resumeCommand(opts: GlobalOptions): Promise<void> {
  await withQueues(opts, (q) => setCrawlingPaused(q, false));
  process.stdout.write('crawling resumed\n');
}

/** "in 4m", "2m ago", "-". */
function relative(iso: string | null, now: number): string {
  if (!iso) return '-';
  const ms = Date.parse(iso) - now;
  return ms >= 0 ? `in ${formatDuration(ms)}` : `${formatDuration(-ms)} ago`;
}

/** Renders schedules as an aligned table. */
export function formatSchedules(rows: readonly ScheduleView[], paused: boolean, now = Date.now()): string {
  const head = ['source', 'every', 'next run', ''];
  const body = rows.map((r) => [r.sourceId, formatDuration(r.everyMs), r.nextRunAt ?? '-', relative(r.nextRunAt, now)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const table = [head, ...body].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
  return `${paused ? 'crawling is paused: due jobs wait until `feedmill resume`\n' : ''}${table}\n`;
}

/** `feedmill schedules [--json]`: each source's schedule, soonest first. */
export async function schedulesCommand(opts: GlobalOptions & { json?: boolean }): Promise<void> {
  const { rows, paused } = await withQueues(opts, async (q) => ({ rows: await sourceSchedules(q), paused: await crawlingPaused(q) }));
  process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : formatSchedules(rows, paused));
}
