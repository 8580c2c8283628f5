/** Job payloads: ids only, never bodies or secrets (DESIGN convention 8). */

/** Queue names, one per pipeline stage. */
export const QUEUES = { fetch: 'fetch', article: 'article', publish: 'publish' } as const;

/** A pipeline role a worker process can take. */
export type Role = keyof typeof QUEUES;

/** Fetch one source. */
export interface FetchJob {
  sourceId: string;
  /** Set by `crawl --once` to count results per run. */
  runId?: string;
  /** Skip the conditional-GET headers (operator-forced refresh). */
  force?: boolean;
}

/** Process a small batch of one source's items: each item waits in Redis under its key (job ids, never bodies). */
export interface ArticleJob {
  sourceId: string;
  itemKeys: string[];
  runId?: string;
}

/** Render one outbound feed in every format. */
export interface PublishJob {
  feedId: string;
}

/** What an article job did with an item. */
export type ArticleOutcome = 'new' | 'updated' | 'unchanged' | 'duplicate';

/** What an article job did with each item of its batch. */
export interface ArticleJobResult {
  items: { itemKey: string; outcome: ArticleOutcome; id?: string }[];
}

/** What a fetch job found. */
export interface FetchResult {
  sourceId: string;
  /** paused: a scheduled fetch of a paused source, skipped. */
  status: 'ok' | 'not-modified' | 'unchanged' | 'error' | 'paused';
  items: number;
  /** Article job ids enqueued by this fetch. */
  articleJobIds: string[];
  errorCode?: string;
  /** HTTP status of the response (absent when none came or no fetch was made). */
  httpStatus?: number;
  /** Wall-clock time of the fetch, and decoded bytes received. */
  durationMs?: number;
  bytes?: number;
  /** Items never seen before / seen before with changed fields, handed to the article stage. */
  newItems?: number;
  updatedItems?: number;
  /** How the document was read: `feed:<format>`, a page's extraction method, `listing` or `sitemap`. */
  path?: string;
}
