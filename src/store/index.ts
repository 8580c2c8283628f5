/** The Redis-backed store: articles, source state, pending items, rendered feeds. */
export { ArticleStore, sortTime, type IdentityLookup } from './articles.js';
export { SourceStateStore, initialState, type FullTextStats, type SourceState, type SourceStatus } from './sources.js';
export { PendingStore, type PendingItem, type PendingRead } from './pending.js';
export { RenderedStore, type RenderedEntry } from './rendered.js';
export { storeKeys, type StoreKeys } from './keys.js';
export { applyRetention, MAX_DELETIONS, type RetentionOptions, type RetentionResult } from './retention.js';
export { MAX_REVISIONS, type Revision } from './clusters.js';
export { FetchHistoryStore, utcDay, type ErrorRecord, type FetchRecord } from './history.js';
