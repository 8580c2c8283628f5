/**
 * Polite fetching (DESIGN data flow: "robots, politeness"): robots.txt for pages, a per-host budget shared by every
 * worker, and Retry-After honoured for the host that sent it. Over budget is not a failure: the job is deferred.
 */
import { Deferred, FeedmillError } from '../model/errors.js';
import type { FetchRequest, FetchResponse } from '../fetch/index.js';
import type { PipelineDeps } from './deps.js';

/** What is fetched: feeds are polled as feed readers do (no robots.txt); pages and sitemaps follow robots.txt. */
export type FetchKind = 'feed' | 'page';

/** Fetches `url` within its host's budget; throws Deferred when the host is busy, ROBOTS when robots.txt forbids a page. */
export async function politeFetch(url: string, req: FetchRequest, kind: FetchKind, deps: PipelineDeps): Promise<FetchResponse> {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new FeedmillError('fetch', 'BAD_URL', 'not a valid URL');
  }
  let minSpacingMs: number | undefined;
  if (kind === 'page' && deps.config.fetch.robots) {
    const verdict = await deps.robots.check(url, deps.config.fetch.userAgent);
    if (!verdict.allowed && verdict.state === 'unreachable') throw new Deferred(10 * 60_000, `robots.txt of ${host} unreachable`);
    if (!verdict.allowed) throw new FeedmillError('fetch', 'ROBOTS', 'disallowed by robots.txt');
    minSpacingMs = verdict.crawlDelayMs;
  }
  const slot = await deps.hosts.acquire(host, minSpacingMs !== undefined ? { minSpacingMs } : {});
  if (!slot.ok) throw new Deferred(slot.retryInMs, `host ${host} over its politeness budget`);
  try {
    return await deps.fetcher.fetch(url, req);
  } catch (err) {
    // Retry-After (429/503) delays this host for every worker, not the whole queue.
    if (err instanceof FeedmillError && err.code === 'RATE_LIMITED' && err.retryAfterMs) {
      await deps.hosts.penalize(host, Date.now() + err.retryAfterMs);
    }
    throw err;
  } finally {
    await slot.release();
  }
}
