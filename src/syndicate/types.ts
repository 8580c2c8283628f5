/** Public types of the syndicate stage. */

/** An outbound feed format. */
export type FeedFormat = 'rss' | 'atom' | 'json';

/** Every outbound feed format, in the order the server lists them. */
export const FEED_FORMATS: readonly FeedFormat[] = Object.freeze(['rss', 'atom', 'json'] as const);

/** Another outlet that ran the same story (a member of the article's near-duplicate cluster). */
export interface RelatedLink {
  url: string;
  sourceId: string;
  siteName?: string;
}

/** What a render needs beyond the feed definition and its articles. */
export interface RenderContext {
  /** Public base URL of our server, e.g. http://localhost:8080 (no trailing slash). */
  baseUrl: string;
  /** The feed's date; default: the newest article's updatedAt/publishedAt/fetchedAt, else now. */
  updatedAt?: Date;
  /** WebSub hub URL, when configured. */
  hub?: string;
  /** Generator name; default 'feedmill'. */
  generator?: string;
  /** Narrowing query of this variant of the feed ("?category=x&q=y"), part of its identity; default none. */
  query?: string;
  /**
   * RFC 5005 paging: query strings, relative to the plain feed URL, of this document (`self`) and its
   * neighbours ('' is the plain feed). Absent: an unpaged document.
   */
  paging?: Partial<Record<'self' | 'first' | 'next' | 'previous' | 'last', string>>;
  /** Article id → the other outlets that ran its story, in first-seen order ("also ran at"); default none. */
  related?: ReadonlyMap<string, readonly RelatedLink[]>;
}

/** A rendered feed document. */
export interface RenderedFeed {
  body: string;
  contentType: string;
}
