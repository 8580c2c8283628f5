/** Parse stage: feed documents (RSS, Atom, JSON Feed) → ParsedFeed; rss-parser stays inside this module. */
export { parseFeed, DEFAULT_MAX_ITEMS, type ParseFeedOptions } from './feed.js';
export { findArticleLinks, type ListingLink, type ListingOptions } from './listing.js';
export { parseSitemap, type Sitemap, type SitemapEntry } from './sitemap.js';
