/** Sources (what to crawl) and feed definitions (what to publish), as validated from the config files. */

/** How a source is read. */
export type SourceType = 'feed' | 'html' | 'sitemap' | 'page';

/** One entry of sources.yaml. */
export interface Source {
  id: string;
  url: string;
  type: SourceType;
  /** Poll interval in milliseconds (the operator's, or the default until the source's own rhythm is known). */
  intervalMs: number;
  /** True when sources.yaml sets no interval: the next check adapts to the source's publishing rate and hints. */
  adaptive: boolean;
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
  /** Only articles at most this old (by published, else first-fetched time), in milliseconds. */
  maxAgeMs?: number;
}

/** How a feed folds repeats: one item per near-duplicate cluster (default), per URL, or none. */
export type FeedDedupe = 'cluster' | 'url' | 'off';

/** One entry of feeds.yaml. */
export interface FeedDefinition {
  id: string;
  title: string;
  description?: string;
  filter: FeedFilter;
  limit: number;
  content: 'full' | 'summary';
  access: 'public' | 'token';
  /** Language of the feed (BCP 47); default: the one language all its articles share. */
  language?: string;
  /** Small square image (Atom icon, JSON Feed icon/favicon). */
  icon?: string;
  /** Wider image (Atom logo, RSS channel image). */
  logo?: string;
  /** Rights statement (RSS copyright, Atom rights). */
  copyright?: string;
  /** Default 'cluster'. */
  dedupe?: FeedDedupe;
  /** WebSub hub announced in the feed and pinged on every change (feeds.yaml `websub.hub`). */
  hub?: string;
}
