/** A small bounded memo: the same article body is rendered into every format and on every re-render of a feed. */

/** Least-recently-used cache of string results keyed by their inputs. */
export class Memo {
  private readonly map = new Map<string, string>();
  constructor(private readonly max: number) {}

  /** The cached value for `key`, or `compute()` stored under it (evicting the oldest entry when full). */
  get(key: string, compute: () => string): string {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      // Re-insert so Map order tracks recency.
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = compute();
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    return value;
  }
}
