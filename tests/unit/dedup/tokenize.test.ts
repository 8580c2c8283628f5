/** The fast tokenizer and one-pass hashing must give exactly what the reference Unicode path gives. */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash, contentHashOf, normalizeForHash } from '../../../src/dedup/identity.js';
import { EMPTY_SIMHASH, shingleHashes, simhash, simhashOf, tokenize, tokens } from '../../../src/dedup/simhash.js';

// The reference definition of a token (what simhash.ts implemented before its fast path).
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
const TOKEN_RE = new RegExp(`[${CJK}]|[[\\p{L}\\p{N}\\p{M}]--[${CJK}]]+`, 'gv');
const referenceTokens = (text: string): string[] => text.normalize('NFKC').replace(/\p{Cf}/gu, '').toLowerCase().match(TOKEN_RE) ?? [];

/** SimHash by the textbook definition: ±1 votes per shingle and bit, bit set when the total is positive. */
function referenceSimhash(text: string): string {
  const { hi, lo } = shingleHashes(referenceTokens(text));
  if (hi.length === 0) return EMPTY_SIMHASH;
  const acc = new Array<number>(64).fill(0);
  for (let i = 0; i < lo.length; i++) {
    for (let b = 0; b < 32; b++) {
      acc[b]! += ((lo[i]! >>> b) & 1) === 1 ? 1 : -1;
      acc[b + 32]! += ((hi[i]! >>> b) & 1) === 1 ? 1 : -1;
    }
  }
  let outLo = 0;
  let outHi = 0;
  for (let b = 0; b < 32; b++) {
    if (acc[b]! > 0) outLo |= 1 << b;
    if (acc[b + 32]! > 0) outHi |= 1 << b;
  }
  return (outHi >>> 0).toString(16).padStart(8, '0') + (outLo >>> 0).toString(16).padStart(8, '0');
}

// Characters the fast path handles, characters that must send a text to the Unicode path, and separators.
const PIECES = [
  'a', 'Z', '0', '9', 'é', 'É', 'ß', 'ÿ', 'Æ', 'ø', '×', '÷', 'ª', 'µ', '²', '½', '¨', '´', '\u00a0', '\u00ad', '’', '‘', '“', '”',
  '–', '—', '…', '•', '«', '»', '\u2011', '-', "'", ' ', '\n', '\t', '.', ',', '東', 'は', 'ก', 'Σ', 'σ', 'İ', '\u0301', '\u200b', 'ﬁ',
  'Ａ', '１', 'K', 'Å', 'ẞ', '\u2028', '\u3000', '\uD83D\uDE00', '\uD800', '\u0080', '\u009f', 'word', 'Lisbon',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((a) => a.join(''));
const latinText = fc.array(fc.constantFrom('a', 'B', 'é', 'Ø', ' ', '’', '“', '—', '…', '\u00a0', '-', '.', 'word', '\n'), { maxLength: 400 }).map((a) => a.join(''));

describe('tokens (fast path)', () => {
  it('equals the Unicode reference on any mix of safe and unsafe characters', () => {
    fc.assert(fc.property(text, (t) => {
        expect(tokens(t)).toEqual(referenceTokens(t));
      }), { numRuns: 3000 });
  });

  it.each([
    ['Latin-1 letters and typographic marks', 'Café “crème” — São Paulo’s À la carte… ÿ ß Ærø', ['café', 'crème', 'são', 'paulo', 's', 'à', 'la', 'carte', 'ÿ', 'ß', 'ærø']],
    ['Latin-1 characters whose NFKC is not themselves', 'ª µ ² ½', ['a', 'μ', '2', '1', '2']],
    ['a combining mark after a Latin-1 letter', 'Cafe\u0301 ÿ\u0301', ['café', 'ÿ́']],
    ['Kelvin and Angstrom signs', 'K Å', ['k', 'å']],
  ])('%s', (_label, input, expected) => {
    expect(tokens(input)).toEqual(expected);
  });
});

describe('tokenize', () => {
  it('carries the normalized text as UTF-8 and one hash pair per token', () => {
    fc.assert(
      fc.property(text, (t) => {
        const tk = tokenize(t);
        expect(Buffer.from(tk.utf8).toString('utf8')).toBe(normalizeForHash(t));
        expect(tk.count).toBe(tokens(t).length);
        expect(tk.lo.length).toBe(tk.count);
        expect(tk.hi.length).toBe(tk.count);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives contentHash and simhash of the text', () => {
    fc.assert(
      fc.property(latinText, text, (a, b) => {
        for (const t of [a, b]) {
          expect(contentHashOf(tokenize(t))).toBe(createHash('sha256').update(referenceTokens(t).join(' '), 'utf8').digest('hex'));
          expect(contentHash(t)).toBe(contentHashOf(tokenize(t)));
          expect(simhash(t)).toBe(referenceSimhash(t));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('composes: simhashOf([tokenize(title), tokenize(text)]) is simhash(`${title}\\n${text}`)', () => {
    fc.assert(fc.property(text, text, (a, b) => {
        expect(simhashOf([tokenize(a), tokenize(b)])).toBe(simhash(`${a}\n${b}`));
      }), { numRuns: 2000 });
  });

  // Values computed by the implementation before the fast path: stored fingerprints and hashes must not move.
  it.each([
    ['Café “crème” — São Paulo’s À la carte… ÿ ß Ærø', 'daea4484bd4d6b4f', '4323d9eb19e86bfaff887d9f5bb169afe10ff0c6fd4ceac00817e364c9848c54'],
    ['ＡＢＣ résumé\u00ad naïve Σίσυφος ΟΔΟΣ', '399116442fe9a5a1', '36cb28aee74444911682d65befce286839190f010d6bb98a276b11af2ac8509c'],
    ['Portugal’s parliament approved the 4.5bn plan – a “historic” vote', 'f288a507b0d38bb0', 'd19acdb0cab84fda98ad4dd5357a6776a1b7c2a5030e17784418835a88738975'],
    ['Ünïcödé wörds çount \u00a0 nbsp', '4000044104001743', '559fa90a904830c4a7944f0aa8b8202cc13757357d97ee58fbeb5827e79e8c7a'],
  ])('keeps the released values for %j', (input, fp, hash) => {
    expect(simhash(input)).toBe(fp);
    expect(contentHash(input)).toBe(hash);
  });
});
