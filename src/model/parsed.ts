/** What parseFeed returns: the feed's own metadata and its items as canonical article drafts. */
import type { ArticleDraft, Author, ImageRef } from './article.js';

/** Formats feedmill reads, with their version. */
export type FeedFormat =
  | 'rss-0.9x'
  | 'rss-1.0'
  | 'rss-2.0'
  | 'atom-0.3'
  | 'atom-1.0'
  | 'json-1.0'
  | 'json-1.1';

/** Channel-level metadata of a feed document. */
export interface FeedInfo {
  title?: string;
  link?: string;
  description?: string;
  language?: string;
  updatedAt?: string;
  authors: Author[];
  image?: ImageRef;
  /** RSS <ttl>, minutes. */
  ttlMinutes?: number;
}

/** A parsed feed document. */
export interface ParsedFeed {
  format: FeedFormat;
  feed: FeedInfo;
  items: ArticleDraft[];
}
