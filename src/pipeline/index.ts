/** Use cases that read like the story: ingestSource, processArticle, publishFeed. */
export { batchSize, ingestSource, itemKeyOf } from './ingest-source.js';
export { processArticles, processItem } from './process-article.js';
export { publishFeed, type PublishResult } from './publish-feed.js';
export { selectArticles } from './select.js';
export { matchesFilter, onePerCluster } from './filter.js';
export type { PipelineDeps } from './deps.js';
