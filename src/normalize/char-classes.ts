/**
 * Per-character class tables for the fast text scans (word counts, dedup tokens): each scan's classifier is run
 * once per code unit of Latin-1 and of the typographic marks of Western news text (dashes, quotes, bullet,
 * ellipsis, U+2010–U+2026) when its module loads; any other code unit gets the scan's `other` class (its slow path).
 */

/** Typographic marks seen in most Western news text, besides Latin-1. */
const PUNCT_FIRST = 0x2010;
const PUNCT_LAST = 0x2026;

/** A lookup of `classify`'s answer for each code unit the fast scans know, `other` for the rest. */
export function codeUnitClasses(classify: (c: number) => number, other: number): (c: number) => number {
  const latin1 = Uint8Array.from({ length: 0x100 }, (_, c) => classify(c));
  const punct = Uint8Array.from({ length: PUNCT_LAST - PUNCT_FIRST + 1 }, (_, i) => classify(PUNCT_FIRST + i));
  return (c) => {
    if (c < 0x100) return latin1[c] ?? other;
    return c >= PUNCT_FIRST && c <= PUNCT_LAST ? (punct[c - PUNCT_FIRST] ?? other) : other;
  };
}
