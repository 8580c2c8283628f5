/**
 * The in-process copy of pre-rendered feeds. A request is answered from memory. Whether the copy is still
 * current is one HGET of the stored ETag, shared by every request that arrives while it is in flight, and
 * skipped for `recheckMs` after a check while the change channel is live; past that window the copy is still
 * served while a check runs in the background. The body is read only when the ETag changed. So a popular
 * feed costs about one tiny Redis read per second, not one per request.
 * Every render publishes the feed id on Redis pub/sub. A message starts the reload of the copies held at once, and
 * the copy in hand is served until the new one is in — a few milliseconds, but then Redis is at its busiest (the
 * crawl that caused the render), and requests that waited for it made the whole tail of serving latency under
 * crawl load. A WebSub hub, which fetches the feed right after the render's ping, still sees the new bytes: the
 * publish stage pings only after a grace that outlasts the reload (publish-feed.ts). A check that was running when
 * a change came may have read the old ETag: it does not count, and the slot is checked again.
 */
import type { RenderedBytes, RenderedStore } from '../store/rendered.js';

interface Slot {
  bytes?: RenderedBytes;
  checkedAt: number;
  checking?: Promise<RenderedBytes | undefined>;
  /** Changes seen (change messages): a check counts only if none came while it ran. */
  generation: number;
}

/** Checks run in a row for one request when changes keep landing during them (renders are debounced: rare). */
const MAX_RECHECKS = 3;

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
      slot = { checkedAt: 0, generation: 0 };
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
    const run = async () => {
      let bytes: RenderedBytes | undefined;
      for (let i = 0; i < MAX_RECHECKS; i++) {
        const generation = slot.generation;
        bytes = await this.refresh(slot, feedId, format, generation);
        if (slot.generation === generation) break;
      }
      return bytes;
    };
    const p = run().finally(() => {
      slot.checking = undefined;
    });
    // A background check that fails must not surface as an unhandled rejection; waiting callers still see it.
    p.catch(() => undefined);
    slot.checking = p;
    return p;
  }

  /**
   * A render changed the feed (its change message): each copy held is reloaded at once and served until the new one is
   * in; a format not held (or with the change channel down) is read by its next request, which waits for it.
   */
  changed(feedId: string): void {
    for (const [key, slot] of this.slots) {
      if (!key.startsWith(`${feedId}.`)) continue;
      slot.generation++;
      if (slot.bytes === undefined || this.recheckMs <= 0) slot.checkedAt = Number.NEGATIVE_INFINITY;
      else if (!slot.checking) this.startCheck(slot, feedId, key.slice(feedId.length + 1));
    }
  }

  /** Makes the next request for every feed check Redis (change messages may have been missed). */
  invalidateAll(): void {
    for (const slot of this.slots.values()) {
      slot.generation++;
      slot.checkedAt = Number.NEGATIVE_INFINITY;
    }
  }

  private async refresh(slot: Slot, feedId: string, format: string, generation: number): Promise<RenderedBytes | undefined> {
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
    // Trusted only if no change came meanwhile (this read may predate it).
    if (slot.generation === generation) slot.checkedAt = started;
    return slot.bytes;
  }
}
