import { describe, expect, it } from 'vitest';
import { countWords, htmlToText, plainText, summarize } from '../../../src/normalize/index.js';

describe('htmlToText', () => {
  it.each([
    ['<p>One</p><p>Two</p>', 'One\n\nTwo'],
    ['<p>Line one<br>line two<br/>line three</p>', 'Line one\nline two\nline three'],
    ['<ul><li>a</li><li>b</li></ul><p>after</p>', 'a\nb\n\nafter'],
    ['<ol><li>first <b>bold</b></li>\n  <li>second</li></ol>', 'first bold\nsecond'],
    ['<h2>Title</h2>Body text', 'Title\n\nBody text'],
    ['<p>  lots   of\n\n   space  </p>', 'lots of space'],
    ['Tom &amp; Jerry &lt;3 &eacute;t&eacute; &#8220;q&#x201D;', 'Tom & Jerry <3 été “q”'],
    ['<p>a&nbsp;b</p>', 'a b'],
    ['<div><div>nested</div><div>blocks</div></div>', 'nested\n\nblocks'],
    ['<p>x</p><script>alert(1)</script><style>p{}</style><p>y</p>', 'x\n\ny'],
    ['<pre>  indented\n  code</pre>', 'indented\n  code'],
    ['<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>', 'a b\nc d'],
    ['plain text', 'plain text'],
    ['<p>a<br><br>b</p>', 'a\n\nb'],
    ['<blockquote><p>quoted</p></blockquote><p>reply</p>', 'quoted\n\nreply'],
    ['', ''],
    ['<p> </p>', ''],
    ['a\u0000b\u001Fc', 'abc'],
  ])('%j → %j', (html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});

describe('plainText', () => {
  it.each([
    ['  Hello   <b>world</b>  ', 'Hello world'],
    ['Tom &amp; Jerry', 'Tom & Jerry'],
    ['&lt;b&gt;not markup&lt;/b&gt;', 'not markup'],
    ['a &lt; b and b &gt; c', 'a < b and b > c'],
    ['I &lt;3 feeds', 'I <3 feeds'],
    ['&amp;amp; once', '&amp; once'],
    ['<script>alert(1)</script>Headline', 'Headline'],
    ['Line\nbreak\ttab', 'Line break tab'],
    ['bell\u0007 and \u009F C1', 'bell and C1'],
    ['lone \uD800 surrogate', 'lone surrogate'],
    ['non\uFFFEchar', 'nonchar'],
    ['😀 emoji kept', '😀 emoji kept'],
    ['a < b and c > d', 'a < b and c > d'],
    ['AT&T', 'AT&T'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
  });
});

describe('summarize', () => {
  it.each([
    ['short text', 500, 'short text'],
    ['one two three four five six', 12, 'one two…'],
    ['one two three four five six', 13, 'one two…'],
    ['one two three four five six', 14, 'one two three…'],
    ['exactly ten', 11, 'exactly ten'],
    ['word, another, more', 16, 'word, another…'],
    ['Supercalifragilisticexpialidocious', 10, 'Supercali…'],
    ['  spaced\n\n out  ', 500, 'spaced out'],
  ])('%j (max %i) → %j', (input, max, expected) => {
    const out = summarize(input, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });

  it('defaults to 500 characters', () => {
    const long = 'word '.repeat(200);
    const out = summarize(long);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.endsWith('word…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    expect(summarize('😀'.repeat(10), 6)).toBe('😀😀…');
  });
});

describe('countWords', () => {
  it.each([
    ['', 0],
    ['Hello world', 2],
    ['It’s a well-known fact, isn\'t it?', 6],
    ['2024 was 1 year', 4],
    ['Ünïcödé wörds çount', 3],
    ['  spaces   everywhere  ', 2],
    ['— … !!', 0],
    ['中华人民共和国成立了', 5],
    ['今日は良い天気です', 5],
    ['iPhone发布了新产品', 5],
    ['สวัสดีครับ ผมชื่อ', 4],
    ['한국어 문장 세 단어', 4],
    ['Привет, мир', 2],
  ])('%j → %i', (input, expected) => {
    expect(countWords(input)).toBe(expected);
  });
});
