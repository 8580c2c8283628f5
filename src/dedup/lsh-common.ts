/** Helpers shared by the LSH index (lsh.ts) and its batches (lsh-batch.ts): fp validation, result checks, ranking. */
import { EMPTY_SIMHASH, fingerprintHalves, isFingerprint } from './simhash.js';
import { popcount32 } from './hash32.js';

/** Length of the fp at the start of a stored member `${fp}:${id}`. */
const FP_LEN = 16;

/** Rejects an empty id (it would make every member of its fps ambiguous). */
export function checkId(id: string): void {
  if (id.length === 0) throw new TypeError('dedup: LSH id must be a non-empty string');
}

/** Validated, lower-cased, distinct fps; the all-zero fp of empty bodies is dropped (it would make all empty items candidates). */
export function usable(fps: readonly string[]): string[] {
  for (const fp of fps) if (!isFingerprint(fp)) throw new TypeError(`dedup: not a 64-bit hex fingerprint: ${JSON.stringify(fp)}`);
  return [...new Set(fps.map((fp) => fp.toLowerCase()))].filter((fp) => fp !== EMPTY_SIMHASH);
}

/** Throws the first per-command error of a MULTI/pipeline result. */
export function check(results: [Error | null, unknown][] | null, what: string): [Error | null, unknown][] {
  // exec() resolves null when a transaction was discarded, and per-command errors come back in the tuples.
  if (results === null) throw new Error(`dedup: LSH ${what} was aborted`);
  for (const [err] of results) if (err) throw err;
  return results;
}

/**
 * Candidate ids from the members read for the slots of `fps` (one list per slot read): per id, how many slots it was
 * found in and its closest fp. A copy shares several windows (and often the body); an article that only shares a
 * boilerplate paragraph shares one, so more hits rank first, then closer, then by id; at most `limit`.
 */
export function rank(fps: readonly string[], slots: readonly (readonly string[])[], maxDistance: number, limit: number): string[] {
  const queries = fps.map(fingerprintHalves);
  const found = new Map<string, { hits: number; d: number }>();
  for (const members of slots) {
    for (const m of members) {
      const [hi, lo] = fingerprintHalves(m.slice(0, FP_LEN));
      let d = 64;
      for (const [qh, ql] of queries) d = Math.min(d, popcount32((hi ^ qh) >>> 0) + popcount32((lo ^ ql) >>> 0));
      if (d > maxDistance) continue;
      const id = m.slice(FP_LEN + 1);
      const prev = found.get(id);
      found.set(id, { hits: (prev?.hits ?? 0) + 1, d: Math.min(d, prev?.d ?? d) });
    }
  }
  return [...found]
    .sort(([ia, a], [ib, b]) => b.hits - a.hits || a.d - b.d || (ia < ib ? -1 : ia > ib ? 1 : 0))
    .slice(0, limit)
    .map(([id]) => id);
}
