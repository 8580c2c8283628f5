/** feeds.yaml's `filter.sources` against the source registry: ids there may name runtime sources, so they are checked at start, not at load. */
import type { Logger } from 'pino';
import type { FeedDefinition } from '../model/source.js';

/** Each (feed, source id) pair whose `filter.sources` names a source that is not registered. */
export function unknownFilterSources(feeds: readonly FeedDefinition[], known: ReadonlySet<string>): { feed: string; source: string }[] {
  return feeds.flatMap((d) => (d.filter.sources ?? []).filter((id) => !known.has(id)).map((source) => ({ feed: d.id, source })));
}

/** Logs a warning per feed filter that names an unknown source (a typo, or a runtime source not added yet); returns them. */
export function warnUnknownFilterSources(
  feeds: readonly FeedDefinition[],
  known: ReadonlySet<string>,
  log: Pick<Logger, 'warn'>,
): { feed: string; source: string }[] {
  const unknown = unknownFilterSources(feeds, known);
  for (const u of unknown) {
    log.warn(u, 'feed filter names a source that does not exist: the feed selects nothing from it until a source with that id is added');
  }
  return unknown;
}
