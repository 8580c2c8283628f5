/**
 * Query strings of paged feed documents (RFC 5005 §3): the plain feed is the first page; `?before=C` is the
 * page of items older than cursor C ("next"), `?after=C` the one just newer than C ("previous"), and
 * `?after=start` the oldest page ("last"). A request's narrowing parameters ride along on every link.
 */
import type { RenderContext } from './types.js';

/** Where a document sits in the walk; cursors are already encoded. */
export interface PagePosition {
  /** This document's own cursor parameter, absent on the first page. */
  self?: { before: string } | { after: string };
  /** Cursor of the next (older) page, when there is one. */
  older?: string;
  /** Cursor of the previous (newer) page, when this is not the first. */
  newer?: string;
}

/** `?a=1&b=2` from ordered pairs, or '' when there are none. */
export function queryString(pairs: readonly (readonly [string, string])[]): string {
  return pairs.length > 0 ? `?${new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString()}` : '';
}

/** The paging links of a document whose narrowing parameters are `narrowing` (in canonical order). */
export function pagingLinks(narrowing: readonly (readonly [string, string])[], pos: PagePosition): NonNullable<RenderContext['paging']> {
  const at = (k: 'before' | 'after', c: string) => queryString([...narrowing, [k, c]]);
  const links: NonNullable<RenderContext['paging']> = { first: queryString(narrowing) };
  if (pos.self) links.self = 'before' in pos.self ? at('before', pos.self.before) : at('after', pos.self.after);
  else links.self = links.first;
  if (pos.newer !== undefined) links.previous = at('after', pos.newer);
  if (pos.older !== undefined) links.next = at('before', pos.older);
  // "last" is the oldest page; on a single-page feed first and last are the same document.
  const isLast = pos.self !== undefined && 'after' in pos.self && pos.self.after === 'start';
  links.last = isLast ? links.self : pos.older !== undefined || pos.self !== undefined ? at('after', 'start') : links.first;
  return links;
}
