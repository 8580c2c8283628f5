/**
 * Outbound feed request counts for operators (GET /api/feeds), across every server process: the feed routes
 * count in memory (feed-tally.ts, nothing on the hot path here), and every few seconds the counts added since
 * the last flush go to one Redis hash (one HINCRBY per feed and counter), so a popular feed costs a few Redis
 * writes per flush instead of one per request.
 */
import type { Redis } from 'ioredis';
import type { FeedDefinition } from '../model/source.js';
import type { SubscriberEntry, SubscriberStore } from '../partners/subscribers.js';
import { storeKeys } from '../store/keys.js';
import type { FeedTally } from './feed-tally.js';

/** Requests and 304 answers of one feed (every format). */
export interface FeedRequestCounts {
  requests: number;
  notModified: number;
}

/** Flushes a FeedTally's new counts to Redis and reads every process's totals. */
export class FeedRequestStats {
  /** Cumulative counts per feed already written (or being written), so each flush sends deltas. */
  private readonly flushed = new Map<string, FeedRequestCounts>();
  private readonly key: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly tally: FeedTally,
  ) {
    this.key = storeKeys(prefix).feedRequests;
  }

  /** This process's cumulative counts per feed, summed over formats and statuses. */
  private totals(): Map<string, FeedRequestCounts> {
    const out = new Map<string, FeedRequestCounts>();
    for (const slot of this.tally.all()) {
      const c = out.get(slot.feedId) ?? { requests: 0, notModified: 0 };
      for (const [, n] of slot.byStatus()) c.requests += n;
      c.notModified += slot.notModified;
      out.set(slot.feedId, c);
    }
    return out;
  }

  /** Flushes every `everyMs` until `stop` (the timer never holds the process open). */
  start(everyMs = 5000): void {
    this.timer ??= setInterval(() => void this.flush().catch(() => undefined), everyMs).unref();
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Writes the counts added since the last flush (one pipeline); one flush at a time. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.write().finally(() => (this.running = undefined));
    return this.running;
  }

  private async write(): Promise<void> {
    const p = this.redis.pipeline();
    const done: [string, FeedRequestCounts][] = [];
    for (const [feed, now] of this.totals()) {
      const was = this.flushed.get(feed) ?? { requests: 0, notModified: 0 };
      if (now.requests > was.requests) p.hincrby(this.key, `${feed}\trequests`, now.requests - was.requests);
      if (now.notModified > was.notModified) p.hincrby(this.key, `${feed}\tnotModified`, now.notModified - was.notModified);
      if (now.requests > was.requests || now.notModified > was.notModified) done.push([feed, now]);
    }
    if (done.length === 0) return;
    const res = await p.exec();
    for (const [err] of res ?? []) if (err) throw err;
    // Only once written: a failed flush leaves the deltas for the next one.
    for (const [feed, now] of done) this.flushed.set(feed, now);
  }

  /** Counts per feed: what every process flushed plus what this one has not flushed yet. */
  async get(feedIds: readonly string[]): Promise<Map<string, FeedRequestCounts>> {
    const out = new Map<string, FeedRequestCounts>();
    if (feedIds.length === 0) return out;
    // A write in flight has reached Redis but not `flushed` yet: wait, so nothing is counted twice.
    await this.running?.catch(() => undefined);
    const values = await this.redis.hmget(this.key, ...feedIds.flatMap((id) => [`${id}\trequests`, `${id}\tnotModified`]));
    const mine = this.totals();
    feedIds.forEach((id, i) => {
      const now = mine.get(id) ?? { requests: 0, notModified: 0 };
      const was = this.flushed.get(id) ?? { requests: 0, notModified: 0 };
      out.set(id, {
        requests: Number(values[2 * i] ?? 0) + now.requests - was.requests,
        notModified: Number(values[2 * i + 1] ?? 0) + now.notModified - was.notModified,
      });
    });
    return out;
  }
}

/** One outbound feed's activity: its definition, request and 304 counts (absent before any), and subscribers. */
export interface FeedActivity {
  def: FeedDefinition;
  counts: FeedRequestCounts | undefined;
  subscribers: { total: number; readers: SubscriberEntry[] };
}

/** Activity of every feed, in feeds.yaml order (GET /api/feeds and the console read the same). */
export async function feedActivity(feeds: readonly FeedDefinition[], stats: FeedRequestStats, subscribers: SubscriberStore): Promise<FeedActivity[]> {
  const counts = await stats.get(feeds.map((f) => f.id));
  return Promise.all(feeds.map(async (def) => ({ def, counts: counts.get(def.id), subscribers: await subscribers.get(def.id) })));
}
