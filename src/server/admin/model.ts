/**
 * What the console's pages show, as plain data. data.ts fills these from the same stores and use cases the
 * operator API uses; the pages only render them, so a page never reaches into Redis itself.
 */
import type { QueueOverview } from '../../queue/inspect.js';

/** A source's last error. */
export interface ErrorSummary {
  code: string;
  message: string;
  at?: string;
}

/** One row of the sources table (and the head of the source page). */
export interface SourceRow {
  id: string;
  url: string;
  type: string;
  status: string;
  paused: boolean;
  /** 'config' (sources.yaml owns it) or 'runtime' (added by an operator). */
  origin: string;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  lastError: ErrorSummary | null;
  consecutiveFailures: number;
  nextCheckAt: string | null;
  intervalSeconds: number | null;
  fullText: boolean;
  /** Articles stored per day, oldest first (the last 14 days). */
  articlesPerDay: readonly number[];
  articleCount: number;
}

/** Job counts of one queue (the API's read-out). */
export type QueueRow = QueueOverview;

/** One recent error across sources. */
export interface ErrorRow {
  at: string;
  sourceId: string;
  code: string;
  message: string;
}

/** One outbound feed. */
export interface FeedRow {
  id: string;
  title: string;
  access: string;
  requests: number | null;
  notModified: number | null;
  subscribers: number;
}

/** One fetch of a source. */
export interface FetchRow {
  at: string;
  status: number | null;
  code: string | null;
  durationMs: number;
  bytes: number | null;
  items: number | null;
  new: number | null;
  updated: number | null;
  path: string | null;
}

/** One stored article, for lists. */
export interface ArticleRow {
  id: string;
  title: string;
  url: string;
  publishedAt: string | null;
  fetchedAt: string | null;
}

/** Everything on the overview page. */
export interface OverviewData {
  sources: SourceRow[];
  queues: QueueRow[];
  errors: ErrorRow[];
  feeds: FeedRow[];
  crawlingPaused: boolean;
}

/** Everything on a source's page. */
export interface SourceData {
  source: SourceRow;
  fetches: FetchRow[];
  articles: ArticleRow[];
  /** The full-text extraction path last taken (full-text sources), with page counts. */
  extraction: { lastMethod: string | null; ok: number; failed: number; lastError: ErrorSummary | null } | null;
  schedule: { everyMs: number; nextRunAt: string | null } | null;
}
