/**
 * A small time-bounded cache with single flight, for documents rendered on request (narrowed or paged
 * feeds): concurrent requests for the same key share one computation, and a result is reused for `ttlMs`.
 */

interface Held<T> {
  value: T;
  at: number;
}

/** LRU of at most `max` values, each fresh for `ttlMs`. */
export class RenderCache<T> {
  private readonly map = new Map<string, Held<T>>();
  private readonly inflight = new Map<string, Promise<T>>();
  /** Computations run (for tests). */
  computed = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The cached value of `key`, or the one `compute` yields (shared with concurrent callers). */
  async get(key: string, compute: () => Promise<T>): Promise<T> {
    const held = this.map.get(key);
    if (held && this.clock() - held.at < this.ttlMs) {
      this.map.delete(key);
      this.map.set(key, held);
      return held.value;
    }
    const running = this.inflight.get(key);
    if (running) return running;
    const p = (async () => {
      this.computed++;
      const value = await compute();
      this.map.delete(key);
      this.map.set(key, { value, at: this.clock() });
      while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
      return value;
    })().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }
}
