/**
 * The in-process copy of pre-rendered feeds. A request is answered from memory. Whether the copy is still
 * current is one HGET of the stored ETag, shared by every request that arrives while it is in flight, and
 * skipped for `recheckMs` after a check while the change channel is live (every render publishes the feed
 * id on Redis pub/sub, and a message starts a reload of the held copies at once); past that window, and while a
 * reload runs, the copy in hand is still served. The body is read only when the ETag changed. So a popular
 * feed costs about one tiny Redis read per second, not one per request, and no request waits on Redis — not even
 * right after a render, when Redis is busiest (the crawl that caused it): the new bytes take over once loaded, a
 * few milliseconds later, as with any HTTP cache revalidating in the background.
 */
import type { RenderedBytes, RenderedStore } from '../store/rendered.js';

interface Slot {
  bytes?: RenderedBytes;
  checkedAt: number;
  checking?: Promise<RenderedBytes | undefined>;
  /** A change arrived while a check was running (which may have read the old ETag): check once more after it. */
  again?: boolean;
}

/** Memory cache of rendered feeds, validated against Redis by ETag. */
export class FeedCache {
  private readonly slots = new Map<string, Slot>();
  /** Redis reads done, for tests and the bench (checks, bodies). */
  readonly stats = { checks: 0, loads: 0 };

  constructor(
    private readonly store: RenderedStore,
    private recheckMs = 0,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Changes how long a checked copy is trusted (0 while the change channel is down: check every request). */
  setRecheck(ms: number): void {
    this.recheckMs = ms;
  }

  /** The current rendered bytes of (feed, format), or undefined when it was never rendered. */
  get(feedId: string, format: string): Promise<RenderedBytes | undefined> | RenderedBytes {
    const key = `${feedId}.${format}`;
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { checkedAt: 0 };
      this.slots.set(key, slot);
    }
    const trusted = slot.bytes !== undefined && this.recheckMs > 0 && slot.checkedAt !== Number.NEGATIVE_INFINITY;
    if (trusted && this.clock() - slot.checkedAt < this.recheckMs) return slot.bytes!;
    const p = slot.checking ?? this.startCheck(slot, feedId, format);
    // While the change channel is live, the periodic check is only a safety net: answer from the copy
    // without waiting for Redis. After a change message (or with the channel down) requests wait for it.
    return trusted ? slot.bytes! : p;
  }

  private startCheck(slot: Slot, feedId: string, format: string): Promise<RenderedBytes | undefined> {
    const p = this.refresh(slot, feedId, format).finally(() => {
      slot.checking = undefined;
      if (slot.again) {
        slot.again = false;
        this.startCheck(slot, feedId, format);
      }
    });
    // A background check that fails must not surface as an unhandled rejection; waiting callers still see it.
    p.catch(() => undefined);
    slot.checking = p;
    return p;
  }

  /**
   * A render changed the feed (its change message): each held copy is reloaded in the background and served until
   * the new one is in; a format not held yet is read by its next request.
   */
  changed(feedId: string): void {
    for (const [key, slot] of this.slots) {
      if (!key.startsWith(`${feedId}.`)) continue;
      if (slot.bytes === undefined || this.recheckMs <= 0) slot.checkedAt = Number.NEGATIVE_INFINITY;
      else if (slot.checking) slot.again = true;
      else this.startCheck(slot, feedId, key.slice(feedId.length + 1));
    }
  }

  /** Makes the next request for every feed check Redis (change messages may have been missed). */
  invalidateAll(): void {
    for (const slot of this.slots.values()) slot.checkedAt = Number.NEGATIVE_INFINITY;
  }

  private async refresh(slot: Slot, feedId: string, format: string): Promise<RenderedBytes | undefined> {
    const started = this.clock();
    this.stats.checks++;
    const tag = await this.store.etag(feedId, format);
    if (tag === undefined) {
      delete slot.bytes;
    } else if (slot.bytes?.etag !== tag) {
      this.stats.loads++;
      const bytes = await this.store.getBytes(feedId, format);
      if (bytes) slot.bytes = bytes;
      else delete slot.bytes;
    }
    slot.checkedAt = started;
    return slot.bytes;
  }
}
