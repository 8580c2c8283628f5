/**
 * Outbound feed request counts held in plain process memory: the serving hot path adds one to a number it
 * already holds a reference to (no string building, no Map lookup, no Redis, no hook), and whoever reports
 * them (the /metrics scrape, a periodic flush) reads the cumulative counts and keeps its own last-seen
 * values, so several readers never steal counts from each other.
 */

/** Counts of one (feed, format) by HTTP status. */
export class FeedTallySlot {
  /** 200 responses (GET and HEAD). */
  ok = 0;
  /** 304 responses. */
  notModified = 0;
  /** Any other status, by status. */
  readonly other = new Map<number, number>();

  constructor(
    readonly feedId: string,
    readonly format: string,
  ) {}

  /** Counts one response. */
  add(status: number): void {
    if (status === 200) this.ok++;
    else if (status === 304) this.notModified++;
    else this.other.set(status, (this.other.get(status) ?? 0) + 1);
  }

  /** Every (status, cumulative count) with a count above zero. */
  byStatus(): [number, number][] {
    const out: [number, number][] = [];
    if (this.ok > 0) out.push([200, this.ok]);
    if (this.notModified > 0) out.push([304, this.notModified]);
    for (const e of this.other) out.push(e);
    return out;
  }
}

/** Every (feed, format) slot of this process. Only configured feeds get slots, so names cannot grow unbounded. */
export class FeedTally {
  private readonly slots = new Map<string, FeedTallySlot>();

  /** The slot of (feed, format), created on first use; callers on the hot path keep the reference. */
  slot(feedId: string, format: string): FeedTallySlot {
    const key = `${feedId}.${format}`;
    let s = this.slots.get(key);
    if (!s) {
      s = new FeedTallySlot(feedId, format);
      this.slots.set(key, s);
    }
    return s;
  }

  /** Every slot (cumulative counts since the process started). */
  all(): readonly FeedTallySlot[] {
    return [...this.slots.values()];
  }
}
