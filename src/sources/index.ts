/** Source management: the registry (Redis), the use cases shared by CLI, API and console, discovery and OPML. */
export { SourceRegistry, type RegisteredSource, type SourceOrigin, type SyncResult } from './registry.js';
export {
  addSource,
  crawlSources,
  discoverSource,
  getSource,
  pauseSource,
  reextractSource,
  removeSource,
  resumeSource,
  updateSource,
  type CrawlJobRef,
  type ManageDeps,
  type RemoveResult,
} from './manage.js';
export { exportOpml, importOpml, type ImportResult, type SkippedEntry } from './transfer.js';
export { SourceOpError, type SourceErrorCode } from './errors.js';
export { discoverFeeds, feedLinks, COMMON_FEED_PATHS, type FeedCandidate } from './discover.js';
export { parseSourcesOpml, renderSourcesOpml, FEEDMILL_OPML_NS, type OpmlSource } from './opml.js';
export { type SourceInput, type SourcePatch } from './input.js';
