/** Dedup stage: identity keys, content hash, SimHash fingerprints, the near-duplicate decision and the LSH index. */
export { articleIdFor, base32, contentHash, itemFingerprint, normalizeForHash } from './identity.js';
export { EMPTY_SIMHASH, SHINGLE_SIZE, fingerprintHalves, hamming, isFingerprint, shingleHashes, shingles, simhash, tokens } from './simhash.js';
export { DEFAULT_NEAR_DUP, comparePrepared, compareBodies, prepareBody, shingleSet, type PreparedBody } from './similarity.js';
export type { BodyComparison, ComparableBody, NearDupOptions } from './similarity.js';
export { DEFAULT_LSH, createLshIndex } from './lsh.js';
export type { LshEntry, LshIndex, LshOptions } from './lsh.js';
export type { LshBatch } from './lsh-batch.js';
export type { CommitWindow, NumberedId } from './lsh-seq.js';
export { DEFAULT_WINDOWS, windowFingerprints } from './windows.js';
export type { WindowOptions } from './windows.js';
