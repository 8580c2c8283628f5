/** The fast paths of text.ts (word counting scan, whitespace folding, break runs over pieces) match the plain rules. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, htmlToText, plainText, stripControlChars, summarize } from '../../../src/normalize/text.js';

const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** countWords as first written: every regex match, segmented when it is in a script without spaces. */
function referenceCountWords(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*/gu)) {
    if (!NO_SPACE_SCRIPT.test(m[0])) n += 1;
    else for (const seg of segmenter.segment(m[0])) if (seg.isWordLike === true) n += 1;
  }
  return n;
}

const PIECES = ['a', 'Word', '9', 'é', 'ª', '²', '½', '×', '\u00ad', '\u00a0', "'", '’', '‘', '-', '–', '—', '…', ' ', '\n', '東京', 'สวัสดี', 'Ж', '\u0301', '😀', '.', ','];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((a) => a.join(''));

// Every character JavaScript's \s matches (ECMA-262 WhiteSpace and LineTerminator).
const JS_SPACES = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];

describe('countWords (fast path)', () => {
  it('equals the regex-and-segmenter count on any mix of characters', () => {
    fc.assert(fc.property(text, (t) => {
        expect(countWords(t)).toBe(referenceCountWords(t));
      }), { numRuns: 3000 });
  });

  it.each([
    ['joiners only between letters', "a-b a--b a- -a a'b a’b a-'b", 9],
    ['Latin-1 letters and numbers', 'ª µ º ² ½ × é', 6],
  ])('%s', (_label, input, expected) => {
    expect(countWords(input)).toBe(expected);
  });
});

describe('whitespace folding', () => {
  it.each(JS_SPACES.map((s) => [s.codePointAt(0)!.toString(16), s]))('folds U+%s like /\\s+/ does', (_code, s) => {
    expect(summarize(`a${s}${s}b`, 10)).toBe('a b');
    // Plain text and HTML text drop control characters (U+000B, U+000C) before folding what is left.
    const folded = s === '\v' || s === '\f' ? 'ab c' : 'a b c';
    expect(plainText(`a${s}b${s}${s} c`)).toBe(folded);
    expect(htmlToText(`<p>a${s}b ${s}c</p>`)).toBe(folded);
  });

  it('leaves text without control characters as it is', () => {
    expect(stripControlChars('plain text 😀')).toBe('plain text 😀');
    expect(stripControlChars('a\u0001b\uD800c')).toBe('abc');
  });
});

describe('htmlToText break runs', () => {
  // Outputs of the string-level implementation (join, then one regex over every marker run).
  it.each([
    ['<p>a </p> <p> b</p>', 'a\n\nb'],
    ['<table><tr><td>a</td><td>b</td></tr></table>', 'a b'],
    ['x<br>y<br><br>z', 'x\ny\n\nz'],
    ['a&nbsp;<p>b</p>', 'a\n\nb'],
    ['<pre>line  \n  two\t\n</pre><p>after</p>', 'line\n  two\n\nafter'],
    ['<ul><li> one </li><li>two</li></ul>', 'one\ntwo'],
    [' \t<div>\t x \t</div>\t ', 'x'],
    ['<p>a</p>\u00a0<p>b</p>', 'a\n\nb'],
    ['<br> lead', 'lead'],
    ['text <br>\t<br> more', 'text\n\nmore'],
    ['<p>x\r\ny</p><pre>a\r\nb</pre>', 'x y\n\na\nb'],
  ])('%j → %j', (html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it('treats private-use marker characters inside the text like the string-level rules do', () => {
    expect(htmlToText('a \uE001 b<p>c</p>')).toBe('a\nb\n\nc');
    expect(htmlToText('a \uE002 b')).toBe('a\n\nb');
  });

  it('reads text without tags or entities like the parser would', () => {
    expect(htmlToText('  plain\u00a0summary,\n\ttwo  lines \u0001')).toBe('plain summary, two lines');
    expect(htmlToText('a > b')).toBe('a > b');
  });
});
