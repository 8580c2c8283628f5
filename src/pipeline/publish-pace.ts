/**
 * Render pacing: a feed that changes all the time (a long crawl feeding it) is re-rendered at most so often that
 * it spends `publish.renderShare` of the time being rendered. A render of a 100-item full-content feed in three
 * formats, each compressed twice, takes 0.2 s on an idle 2-core machine and 1–2 s during a crawl; at one render per
 * debounce window that is a fifth of a core or more per busy feed, taken from the crawl and from serving, and every
 * render makes each server reload the feed. After a render that took D (wall time: a busy machine renders slower,
 * and then renders less often), the next one waits D × (1 / renderShare − 1), never less than the debounce window
 * and never more than {@link MAX_PACE_MS}. The pace is kept in Redis, so every process that requests renders sees
 * what the publish workers measured.
 */
import { enqueuePublish } from '../queue/queues.js';
import type { PipelineDeps } from './deps.js';

/** Longest wait pacing imposes between two renders of a feed (a stalled render must not hold a feed back for long). */
export const MAX_PACE_MS = 60_000;

/** The wait before the next render of a feed whose last render took `renderMs`, for a render share of `share`. */
export function paceFor(renderMs: number, share: number): number {
  if (!(share > 0) || share >= 1 || !(renderMs > 0)) return 0;
  return Math.min(MAX_PACE_MS, Math.round(renderMs * (1 / share - 1)));
}

/**
 * Asks for a render of each feed, coalesced with the renders already requested: within the debounce window, or
 * within the feed's pace when that is longer (one Redis read for all of them).
 */
export async function requestRenders(feedIds: readonly string[], deps: Pick<PipelineDeps, 'queues' | 'rendered' | 'config'>): Promise<void> {
  if (feedIds.length === 0) return;
  // Pacing turned off here: paces recorded before are not waited for (each feed's next render records 0).
  const paces = deps.config.publish.renderShare >= 1 ? [] : await deps.rendered.paces(feedIds);
  const debounceMs = deps.config.publish.debounceMs;
  await Promise.all(feedIds.map((id, i) => enqueuePublish(deps.queues, id, Math.max(debounceMs, paces[i] ?? 0))));
}
