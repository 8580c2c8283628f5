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
    /** STRING JSON of a source's fetch state. */
    sourceState: (sourceId: string) => `${prefix}:s:${sourceId}`,
    /** STRING JSON of an item waiting for its article job. */
    pending: (key: string) => `${prefix}:p:${key}`,
    /** HASH of a rendered feed: "<format>:body|etag|type", "lastModified". */
    rendered: (feedId: string) => `${prefix}:f:${feedId}`,
    /** HASH "sourceId\nguid" and "sourceId\nurl" of articles deleted by retention → deletion time (ms); keeps them from coming back. */
    tomb: `${prefix}:tomb`,
    /** STRING HSCAN cursor of the tombstone pruning, so each retention pass reads a bounded slice. */
    tombCursor: `${prefix}:tomb:cursor`,
    /** Prefix of the near-duplicate index keys. */
    lsh: `${prefix}:dd`,
  };
}

/** The key builders' type. */
export type StoreKeys = ReturnType<typeof storeKeys>;
