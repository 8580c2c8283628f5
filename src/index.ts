/** The feedmill package: the pure stages for use as a library (the CLI and workers are the other way in). */
export { extractArticle, findRules } from './extract/index.js';
export type { ExtractedArticle, ExtractOptions, Extraction, SiteRules } from './extract/index.js';
export { parseFeed } from './parse/index.js';
export type { ParseFeedOptions } from './parse/index.js';
export { cleanUrl, sanitizeHtml, htmlToText } from './normalize/index.js';
export { renderFeed, FEED_FORMATS } from './syndicate/index.js';
export type { Article, ArticleDraft, Author, Enclosure, ImageRef } from './model/article.js';
export type { ParsedFeed, FeedInfo, FeedFormat } from './model/parsed.js';
export type { Source, FeedDefinition, FeedFilter } from './model/source.js';
export { FeedmillError, ERROR_CODES, type ErrorCode } from './model/errors.js';
export { loadConfig, type Config } from './config/index.js';
