/** Every Redis key of the store, in one place; each starts with the instance prefix. */

/** Key builders for one instance prefix. */
export function storeKeys(prefix: string) {
  return {
    article: (id: string) => `${prefix}:a:${id}`,
    /** ZSET article id → sort time (published, else first fetched), newest last. */
    timeline: `${prefix}:a:time`,
    /** ZSET article id → sort time for one source. */
    bySource: (sourceId: string) => `${prefix}:a:src:${sourceId}`,
    /** HASH "sourceId\nguid" → article id. */
    guidIndex: `${prefix}:ix:guid`,
    /** HASH canonical URL → article id. */
    urlIndex: `${prefix}:ix:url`,
    /** HASH content hash → article id. */
    hashIndex: `${prefix}:ix:hash`,
    /** HASH item key → fingerprint of the last version processed, per source. */
    itemSeen: (sourceId: string) => `${prefix}:s:${sourceId}:items`,
    /** HASH of a source's full-text outcomes: ok, failed (counters), lastError (JSON), lastMethod. */
    fullText: (sourceId: string) => `${prefix}:s:${sourceId}:ft`,
    /** HASH source id → JSON of its definition (src/sources/registry.ts): config-synced and runtime-added sources. */
    sourceDefs: `${prefix}:src`,
    /** LIST of a source's recent fetches, newest first, JSON (history.ts; capped at 100). */
    fetchLog: (sourceId: string) => `${prefix}:s:${sourceId}:fetches`,
    /** LIST of recent fetch errors across sources, newest first, JSON (history.ts; capped at 200). */
    errorLog: `${prefix}:errors`,
    /** HASH source id → articles stored new that UTC day (YYYY-MM-DD); expires after 30 days. */
    articlesPerDay: (day: string) => `${prefix}:apd:${day}`,
    /** HASH "<feed>\trequests" / "<feed>\tnotModified" → outbound feed request counts (server/feed-stats.ts). */
    feedRequests: `${prefix}:freq`,
    /** STRING JSON of a source's fetch state. */
    sourceState: (sourceId: string) => `${prefix}:s:${sourceId}`,
    /** STRING JSON of an item waiting for its article job. */
    pending: (key: string) => `${prefix}:p:${key}`,
    /** HASH of a rendered feed: "<format>:body|etag|type", "lastModified". */
    rendered: (feedId: string) => `${prefix}:f:${feedId}`,
    /** HASH feed id → its render pace (ms): the least wait before its next render (publish-pace.ts). */
    renderPace: `${prefix}:fpace`,
    /** HASH "sourceId\nguid" and "sourceId\nurl" of articles deleted by retention → deletion time (ms); keeps them from coming back. */
    tomb: `${prefix}:tomb`,
    /** STRING HSCAN cursor of the tombstone pruning, so each retention pass reads a bounded slice. */
    tombCursor: `${prefix}:tomb:cursor`,
    /** ZSET member article id → first-seen time (ms) of one near-duplicate cluster (clusters.ts). */
    cluster: (clusterId: string) => `${prefix}:cl:${clusterId}`,
    /** LIST of an article's previous versions, newest first, JSON `{ title, contentHash, at }` (capped). */
    revisions: (id: string) => `${prefix}:rev:${id}`,
    /** Prefix of the near-duplicate index keys. */
    lsh: `${prefix}:dd`,
  };
}

/** The key builders' type. */
export type StoreKeys = ReturnType<typeof storeKeys>;
