import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFingerprint, tokenize, tokenizeWithStarts } from '../../../src/dedup/simhash.js';
import { DEFAULT_WINDOWS, windowFingerprints } from '../../../src/dedup/windows.js';
import * as S from './stories.js';

const shared = (a: string, b: string): number => {
  const wb = new Set(windowFingerprints(b));
  return windowFingerprints(a).filter((w) => wb.has(w)).length;
};

const paragraphs = S.WIRE.split('\n\n');

describe('windowFingerprints: edited copies keep at least one window bit for bit', () => {
  it.each([
    ['partner furniture (byline, share prompts, newsletter, copyright)', S.WIRE_WITH_FURNITURE, 4],
    ['an "Update:" line on top', S.WIRE_UPDATED, 4],
    ['the last third trimmed', S.WIRE_TRIMMED, 4],
    ['cut to its first 40%', S.WIRE_HALF, 4],
    ['a rewritten first paragraph', S.WIRE_NEW_LEAD, 3],
  ])('%s', (_label, copy, expected) => {
    expect(shared(S.WIRE, copy)).toBe(expected);
  });

  it('a different story with the same first paragraph shares only the lead window (a candidate; compareBodies decides)', () => {
    expect(shared(S.WIRE, S.OTHER_SAME_LEAD)).toBe(1);
  });
});

describe('windowFingerprints: shape', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_WINDOWS).toEqual({ count: 4, shingles: 16, minParagraphWords: 20 });
    expect(Object.isFrozen(DEFAULT_WINDOWS)).toBe(true);
  });

  it('gives `count` distinct 64-bit hex fingerprints', () => {
    const w = windowFingerprints(S.WIRE);
    expect(w).toHaveLength(4);
    expect(new Set(w).size).toBe(4);
    for (const fp of w) expect(isFingerprint(fp)).toBe(true);
    expect(windowFingerprints(S.WIRE, { count: 2 })).toEqual(w.slice(0, 2));
  });

  it.each([
    ['empty text', ''],
    ['whitespace only', ' \n\n '],
  ])('%s has no windows', (_label, text) => {
    expect(windowFingerprints(text)).toEqual([]);
  });

  it('a brief without a prose paragraph gets one window at its start', () => {
    expect(windowFingerprints(S.BRIEF)).toHaveLength(1);
  });

  it('is deterministic and ignores case, punctuation and re-wrapping', () => {
    const rewrapped = S.WIRE.toUpperCase().replace(/,/g, '').replace(/ /g, '\n');
    expect(windowFingerprints(rewrapped)).toEqual(windowFingerprints(S.WIRE));
  });
});

describe('windowFingerprints: real-world quirks', () => {
  it('bylines and share lines never anchor a window, so they do not shift the others', () => {
    const withFurniture = ['By Staff | 14:32', 'Share on Facebook Share on X Email', S.WIRE].join('\n\n');
    expect(windowFingerprints(withFurniture)).toEqual(windowFingerprints(S.WIRE));
  });

  it('a body without paragraph breaks (flattened markup) still gets several windows, picked by sentence content', () => {
    const flat = paragraphs.join(' ');
    expect(windowFingerprints(flat).length).toBeGreaterThan(1);
    // Trimming the flat body keeps the windows of its first part.
    expect(shared(flat, paragraphs.slice(0, 6).join(' '))).toBeGreaterThan(1);
  });

  it('a body made of short paragraphs (a list, a brief) anchors at its 8+ word paragraphs', () => {
    const list = ['Item one has eight words in this line.', 'Tiny.', 'Item two also has eight words in it.', 'Item three with yet another eight words here.'].join('\n\n');
    expect(windowFingerprints(list)).toHaveLength(3);
  });
});

describe('windowFingerprints: the token-lane path equals the token-string path', () => {
  // Words, sentence ends, quotes and paragraph breaks in any mix, plus characters outside the fast scan (ß, ﬁ, İ, CJK).
  // (Those are rare: most texts must take the fast path for the comparison to mean anything.)
  const piece = fc.oneof(
    { arbitrary: fc.constantFrom('Alpha', 'beta', 'Gamma', 'delta', '2026', 'Été', 'naïve', 'ÆON', 'o’clock', 'well-known', 'x'), weight: 12 },
    { arbitrary: fc.constantFrom('. ', '! ', '? ', '… ', '." ', ' — ', ', ', ' ', ' ', ' ', '  ', '\n', '\n\n', '\n \n', '\u00a0', '“', '”', '(', ')'), weight: 12 },
    { arbitrary: fc.constantFrom('. Alpha ', '! Gamma ', '? 2026 ', '.” (Été ', '.  ÆON '), weight: 4 },
    { arbitrary: fc.constantFrom('ß', 'ﬁ', 'İ', '東京', '\u00ad', 'µ'), weight: 1 },
  );
  const text = fc.array(piece, { maxLength: 200 }).map((p) => p.join(''));
  const opts = fc.record({ count: fc.integer({ min: 0, max: 8 }), shingles: fc.integer({ min: 1, max: 8 }), minParagraphWords: fc.integer({ min: 1, max: 80 }) });

  it('gives the same fingerprints, with or without a tokenization passed in', () => {
    let fast = 0;
    fc.assert(
      fc.property(text, opts, (t, o) => {
        const strings = windowFingerprints(t, o, tokenize(t));
        expect(windowFingerprints(t, o)).toEqual(strings);
        const withStarts = tokenizeWithStarts(t);
        if (withStarts) expect(windowFingerprints(t, o, withStarts)).toEqual(strings);
        fast += withStarts ? 1 : 0;
      }),
      { numRuns: 400 },
    );
    // Most runs took the lane path (a generator drifting to the Unicode path would compare a path with itself).
    expect(fast).toBeGreaterThan(100);
  });
});
