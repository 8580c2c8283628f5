import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_NEAR_DUP, comparePrepared, compareBodies, prepareBody, shingleSet } from '../../../src/dedup/similarity.js';
import { tokens } from '../../../src/dedup/simhash.js';
import * as S from './stories.js';

const wire = { title: 'Portugal approves Lisbon-Porto high-speed rail line', text: S.WIRE };

describe('compareBodies: copies of the same story are duplicates', () => {
  it.each([
    ['the identical body', S.WIRE, 'jaccard'],
    ['the same story with a partner site\'s furniture (byline, share prompts, newsletter, copyright)', S.WIRE_WITH_FURNITURE, 'jaccard'],
    ['the same story with a rewritten first paragraph', S.WIRE_NEW_LEAD, 'jaccard'],
    ['the same story with its last third trimmed', S.WIRE_TRIMMED, 'jaccard'],
    ['the same story with an "Update:" line on top', S.WIRE_UPDATED, 'jaccard'],
    ['the same story cut to its first 40% (containment)', S.WIRE_HALF, 'containment'],
    // Jaccard 0.40, containment 0.77: missed by the former containment threshold 0.8 (bench/dedup.ts).
    ['a partner copy with a new lead and credits, cut to half (containment)', S.WIRE_RELED_HALF, 'containment'],
  ])('%s', (_label, text, via) => {
    const r = compareBodies(wire, { title: 'Parliament backs high-speed rail', text });
    expect(r.duplicate).toBe(true);
    expect(r.reason.startsWith(via)).toBe(true);
  });

  it('is symmetric', () => {
    const ab = compareBodies(wire, { title: 'x', text: S.WIRE_HALF });
    const ba = compareBodies({ title: 'x', text: S.WIRE_HALF }, wire);
    expect(ba).toEqual(ab);
  });
});

describe('compareBodies: different stories are not duplicates', () => {
  it('a different story on the same topic with the same names and the same first sentence', () => {
    const r = compareBodies(wire, { title: wire.title, text: S.OTHER_SAME_LEAD });
    expect(r.duplicate).toBe(false);
    expect(r.jaccard).toBeLessThan(0.2);
    expect(r.containment).toBeLessThan(0.3);
  });

  it('a teaser that is only the shared lead (too small a share of the story to chain clusters)', () => {
    const r = compareBodies(wire, { title: wire.title, text: S.WIRE_TEASER });
    expect(r.containment).toBe(1);
    expect(r.duplicate).toBe(false);
    expect(r.reason).toMatch(/only 0\.\d+ of the longer/);
  });

  it('the teaser counts as a copy when the length guard is lowered', () => {
    expect(compareBodies(wire, { title: 'x', text: S.WIRE_TEASER }, { minLengthRatio: 0.2 }).duplicate).toBe(true);
  });
});

describe('compareBodies: short bodies must match exactly', () => {
  it.each([
    ['same title and brief', { title: 'Rail plan', text: S.BRIEF }, { title: 'Rail plan!', text: S.BRIEF.toUpperCase() }, true],
    ['same brief, different title', { title: 'Rail plan', text: S.BRIEF }, { title: 'Other', text: S.BRIEF }, false],
    ['same title, brief vs one word changed', { title: 'T', text: S.BRIEF }, { title: 'T', text: S.BRIEF.replace('spring', 'summer') }, false],
    ['title-only items with the same title', { title: 'Live: election results', text: '' }, { title: 'Live: election results', text: '' }, true],
    ['brief vs the full story it summarizes', { title: 'T', text: S.BRIEF }, { title: 'T', text: S.WIRE }, false],
    ['both empty', { title: '', text: '' }, { title: '', text: '' }, false],
  ])('%s', (_label, a, b, expected) => {
    const r = compareBodies(a, b);
    expect(r.duplicate).toBe(expected);
    expect(r.reason).toMatch(/short body|nothing to compare/);
  });
});

describe('compareBodies: options', () => {
  it('has documented defaults', () => {
    expect(DEFAULT_NEAR_DUP).toEqual({ jaccard: 0.5, containment: 0.7, minLengthRatio: 0.3, minTokens: 50, shingleSize: 3 });
    expect(Object.isFrozen(DEFAULT_NEAR_DUP)).toBe(true);
  });

  it('stricter thresholds turn a rewritten lead into a non-duplicate', () => {
    const r = compareBodies(wire, { title: 'x', text: S.WIRE_NEW_LEAD }, { jaccard: 0.9, containment: 0.95 });
    expect(r.duplicate).toBe(false);
  });

  it('a lower minTokens compares a brief by shingles instead of exactly', () => {
    const r = compareBodies({ title: 'a', text: S.BRIEF }, { title: 'b', text: S.BRIEF }, { minTokens: 5 });
    expect(r.duplicate).toBe(true);
    expect(r.reason).toMatch(/^jaccard 1\.00/);
  });
});

describe('shingleSet', () => {
  it('has one entry per distinct 3-shingle', () => {
    expect(shingleSet(tokens('a b c a b c')).size).toBe(3); // "a b c", "b c a", "c a b"
    expect(shingleSet([]).size).toBe(0);
  });

  it('uses safe integers', () => {
    for (const x of shingleSet(tokens(S.WIRE))) expect(Number.isSafeInteger(x)).toBe(true);
  });
});

describe('compareBodies: prepared shingle sets measure what Sets of shingleSet values measure', () => {
  const word = fc.constantFrom('rail', 'vote', 'Budget', 'city', 'naïve', 'ÆON', '2026', 'ß', '東京', 'the', 'a');
  const body = fc.array(word, { maxLength: 120 }).map((w) => w.join(' '));

  it('gives the same overlap for any two bodies, and the same as prepareBody + comparePrepared', () => {
    fc.assert(
      fc.property(body, body, fc.integer({ min: 1, max: 4 }), (x, y, k) => {
        const sa = shingleSet(tokens(x), k);
        const sb = shingleSet(tokens(y), k);
        const inter = [...sa].filter((v) => sb.has(v)).length;
        const union = sa.size + sb.size - inter;
        const r = compareBodies({ title: 't', text: x }, { title: 't', text: y }, { shingleSize: k });
        expect(r.jaccard).toBe(union === 0 ? 0 : inter / union);
        expect(r.containment).toBe(Math.min(sa.size, sb.size) === 0 ? 0 : inter / Math.min(sa.size, sb.size));
        const prepared = comparePrepared(prepareBody({ title: 't', text: x }, k), prepareBody({ title: 't', text: y }, k), { shingleSize: k });
        expect(prepared).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });
});
