import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_SIMHASH, hamming, isFingerprint, shingleHashes, shingles, simhash, tokens } from '../../../src/dedup/simhash.js';
import { popcount32 } from '../../../src/dedup/hash32.js';
import * as S from './stories.js';

describe('tokens', () => {
  it.each([
    ['plain words', 'The quick brown fox', ['the', 'quick', 'brown', 'fox']],
    ['punctuation dropped', 'Hello, world! (Really?)', ['hello', 'world', 'really']],
    ['apostrophes split words', 'don’t stop', ['don', 't', 'stop']],
    ['numbers kept', 'costs 4.5 billion in 2026', ['costs', '4', '5', 'billion', 'in', '2026']],
    ['NFKC full-width', 'ＡＢＣ１２３', ['abc123']],
    ['accents kept as letters', 'Café São Paulo', ['café', 'são', 'paulo']],
    ['decomposed accents compose', 'Cafe\u0301', ['café']],
    ['soft hyphen inside a word', 'infor\u00admation', ['information']],
    ['zero-width space between words is removed', 'a\u200bb c', ['ab', 'c']],
    ['Cyrillic', 'Москва сегодня', ['москва', 'сегодня']],
    ['CJK ideographs one per token', '東京は晴れ', ['東', '京', 'は', '晴', 'れ']],
    ['Latin glued to CJK splits', 'abc東京', ['abc', '東', '京']],
    ['Hangul keeps its spaced words', '서울 시장', ['서울', '시장']],
    ['empty', '  \n ', []],
  ])('%s', (_label, text, expected) => {
    expect(tokens(text)).toEqual(expected);
  });
});

describe('shingles', () => {
  it.each([
    [['a', 'b', 'c', 'd'], 3, ['a b c', 'b c d']],
    [['a', 'b'], 3, ['a b']],
    [[], 3, []],
    [['a', 'b', 'c'], 1, ['a', 'b', 'c']],
  ])('shingles(%j, %i)', (toks, k, expected) => {
    expect(shingles(toks, k)).toEqual(expected);
  });

  it('hashes one 64-bit value per shingle, order-sensitive', () => {
    const { hi, lo } = shingleHashes(['a', 'b', 'c', 'c', 'b', 'a']);
    expect(hi.length).toBe(4);
    expect(lo.length).toBe(4);
    // "a b c" vs "c b a"
    expect([hi[0], lo[0]]).not.toEqual([hi[3], lo[3]]);
  });
});

describe('simhash', () => {
  it('is 16 hex chars and stable across releases (fingerprints are stored)', () => {
    expect(simhash(S.WIRE)).toBe('8672b0a724ac4940');
    expect(isFingerprint(simhash('anything at all'))).toBe(true);
  });

  it('hashes an empty text to all zeros', () => {
    expect(simhash('')).toBe(EMPTY_SIMHASH);
    expect(simhash('—, !')).toBe(EMPTY_SIMHASH);
  });

  it('ignores case, whitespace and punctuation', () => {
    expect(simhash('The vote, on Thursday:\n\napproved.')).toBe(simhash('the vote on thursday approved'));
  });

  it.each([
    ['an "Update:" line added', S.WIRE_UPDATED, 6],
    ['a rewritten first paragraph', S.WIRE_NEW_LEAD, 10],
    ['different furniture', S.WIRE_WITH_FURNITURE, 12],
  ])('stays close for %s', (_label, edited, max) => {
    expect(hamming(simhash(S.WIRE), simhash(edited))).toBeLessThanOrEqual(max);
  });

  it.each([
    ['a different story with the same lead', S.OTHER_SAME_LEAD],
    ['a one-line brief', S.BRIEF],
    ['English prose about something else', 'Scientists in Chile have discovered a new species of frog in a cloud forest, the university said on Monday, adding that the animal was smaller than a fingernail and lived only on a single mountain ridge threatened by logging and cattle farming.'],
  ])('is about 32 bits away from %s', (_label, other) => {
    const d = hamming(simhash(S.WIRE), simhash(other));
    expect(d).toBeGreaterThanOrEqual(20);
    expect(d).toBeLessThanOrEqual(44);
  });
});

describe('hamming', () => {
  it.each([
    ['0000000000000000', '0000000000000000', 0],
    ['0000000000000000', 'ffffffffffffffff', 64],
    ['8000000000000000', '0000000000000001', 2],
    ['ABCDEF0123456789', 'abcdef0123456789', 0],
    ['00000000ffffffff', '0000000000000000', 32],
  ])('hamming(%s, %s) = %i', (a, b, d) => {
    expect(hamming(a, b)).toBe(d);
  });

  it.each(['', '123', 'zzzzzzzzzzzzzzzz', '0x00000000000000', '00000000000000000'])('rejects %j', (bad) => {
    expect(() => hamming(bad, '0000000000000000')).toThrow(TypeError);
  });

  it('is a metric: symmetric, zero on itself, triangle inequality', () => {
    const fp = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((x) => x.toString(16).padStart(16, '0'));
    fc.assert(
      fc.property(fp, fp, fp, (a, b, c) => {
        expect(hamming(a, a)).toBe(0);
        expect(hamming(a, b)).toBe(hamming(b, a));
        expect(hamming(a, c)).toBeLessThanOrEqual(hamming(a, b) + hamming(b, c));
        // Cross-check against BigInt popcount.
        let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
        let n = 0;
        for (; x; x &= x - 1n) n++;
        expect(hamming(a, b)).toBe(n);
      }),
    );
  });

  it('popcount32 counts bits of the full 32-bit range', () => {
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000000)).toBe(1);
    expect(popcount32(0)).toBe(0);
  });
});
