/** Sources (what to crawl) and feed definitions (what to publish), as validated from the config files. */

/** How a source is read. */
export type SourceType = 'feed' | 'html' | 'sitemap' | 'page';

/** One entry of sources.yaml. */
export interface Source {
  id: string;
  url: string;
  type: SourceType;
  /** Poll interval in milliseconds. */
  intervalMs: number;
  /** Fetch each new item's page and extract the full text. */
  fullText: boolean;
  /** Name of a rule set in rules.yaml (defaults to the page's domain). */
  rules?: string;
  /** Categories added to every article of this source. */
  categories: string[];
  /** Extra request headers (cookies, API keys); never logged. */
  headers: Record<string, string>;
  /** Per-source cap on decoded response bytes. */
  maxBytes?: number;
}

/** Which articles a feed carries. */
export interface FeedFilter {
  sources?: string[];
  categories?: string[];
  /** Keywords of which at least one must appear in title or text (case-insensitive). */
  include?: string[];
  /** Keywords none of which may appear in title or text (case-insensitive). */
  exclude?: string[];
  language?: string;
}

/** One entry of feeds.yaml. */
export interface FeedDefinition {
  id: string;
  title: string;
  description?: string;
  filter: FeedFilter;
  limit: number;
  content: 'full' | 'summary';
  access: 'public' | 'token';
}
