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

/**
 * The paging links of a document whose narrowing parameters are `narrowing` (in canonical order). `carry`
 * pairs (a partner's `?token=`) are appended to the links a reader follows (first, next, previous, last),
 * never to `self`, which names the document.
 */
export function pagingLinks(
  narrowing: readonly (readonly [string, string])[],
  pos: PagePosition,
  carry: readonly (readonly [string, string])[] = [],
): NonNullable<RenderContext['paging']> {
  const follow = (...at: (readonly [string, string])[]) => queryString([...narrowing, ...at, ...carry]);
  const here: (readonly [string, string])[] = pos.self ? ['before' in pos.self ? ['before', pos.self.before] : ['after', pos.self.after]] : [];
  const links: NonNullable<RenderContext['paging']> = { first: follow(), self: queryString([...narrowing, ...here]) };
  if (pos.newer !== undefined) links.previous = follow(['after', pos.newer]);
  if (pos.older !== undefined) links.next = follow(['before', pos.older]);
  // "last" is the oldest page; on a single-page feed first and last are the same document.
  const isLast = pos.self !== undefined && 'after' in pos.self && pos.self.after === 'start';
  links.last = isLast ? follow(...here) : pos.older !== undefined || pos.self !== undefined ? follow(['after', 'start']) : links.first;
  return links;
}
