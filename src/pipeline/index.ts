/** Use cases that read like the story: ingestSource, processArticle, publishFeed. */
export { ingestSource, itemKeyOf } from './ingest-source.js';
export { processArticle } from './process-article.js';
export { publishFeed, type PublishResult } from './publish-feed.js';
export { selectArticles } from './select.js';
export { matchesFilter, onePerCluster } from './filter.js';
export type { PipelineDeps } from './deps.js';
