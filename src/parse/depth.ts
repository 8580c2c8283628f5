/** A bound on element nesting, checked before a document reaches a recursive parser (deep nesting is an attack, not a feed). */
import { FeedmillError } from '../model/errors.js';

/** Deepest element nesting accepted; real feeds stay under 20, HTML in CDATA does not count. */
export const MAX_DEPTH = 256;

const TAG = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[?!][^>]*>|<(\/?)[A-Za-z_][^\s/>]*[^>]*?(\/?)>/g;

/** Throws PARSE_ERROR when elements nest deeper than `max` (CDATA, comments and declarations are skipped). */
export function checkDepth(xml: string, max = MAX_DEPTH): void {
  let depth = 0;
  for (const m of xml.matchAll(TAG)) {
    if (m[1] === undefined) continue; // CDATA, comment, declaration or processing instruction
    if (m[1] === '/') depth -= 1;
    else if (m[2] !== '/') {
      depth += 1;
      if (depth > max) throw new FeedmillError('parse', 'PARSE_ERROR', `elements nest deeper than ${max} levels (refused)`);
    }
  }
}
