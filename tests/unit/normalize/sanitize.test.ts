import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../../src/normalize/index.js';

const BASE = 'https://news.example/2024/03/story.html';
const s = (html: string): string => sanitizeHtml(html, { baseUrl: BASE });

describe('sanitizeHtml allowlist', () => {
  it.each([
    ['<p>Hello <strong>bold</strong> <em>em</em> <b>b</b> <i>i</i> <u>u</u> <s>s</s></p>', '<p>Hello <strong>bold</strong> <em>em</em> <b>b</b> <i>i</i> <u>u</u> <s>s</s></p>'],
    ['<h1>Top</h1><h2>Sub</h2><h6>Tiny</h6>', '<h2>Top</h2><h2>Sub</h2><h6>Tiny</h6>'],
    ['<blockquote cite="/src">q</blockquote>', '<blockquote cite="https://news.example/src">q</blockquote>'],
    ['<ul><li>a</li></ul><ol><li>b</li></ol><dl><dt>t</dt><dd>d</dd></dl>', '<ul><li>a</li></ul><ol><li>b</li></ol><dl><dt>t</dt><dd>d</dd></dl>'],
    ['<table><caption>c</caption><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td rowspan="1">x</td></tr></tbody></table>', '<table><caption>c</caption><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td rowspan="1">x</td></tr></tbody></table>'],
    ['<p>E = mc<sup>2</sup>, H<sub>2</sub>O, <small>s</small> <mark>m</mark> <kbd>k</kbd> <code>c</code> <abbr title="as soon as possible">ASAP</abbr></p>', '<p>E = mc<sup>2</sup>, H<sub>2</sub>O, <small>s</small> <mark>m</mark> <kbd>k</kbd> <code>c</code> <abbr title="as soon as possible">ASAP</abbr></p>'],
    ['<time datetime="2024-03-05">March 5</time>', '<time datetime="2024-03-05">March 5</time>'],
    ['<pre><code>a  b\n  c</code></pre>', '<pre><code>a  b\n  c</code></pre>'],
    ['<figure><img src="a.jpg" alt="A"><figcaption>Cap</figcaption></figure>', '<figure><img src="https://news.example/2024/03/a.jpg" alt="A" /><figcaption>Cap</figcaption></figure>'],
    ['<div class="x" style="color:red" id="y" data-foo="1">kept</div>', '<div>kept</div>'],
    ['<font color="red">text</font> <center>c</center>', 'text c'],
    ['<hr><br>', '<hr /><br />'],
  ])('%j → %j', (input, expected) => {
    expect(s(input)).toBe(expected);
  });
});

describe('sanitizeHtml removes script-capable content', () => {
  it.each([
    ['<script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
    ['<style>p{color:red}</style><p>ok</p>', '<p>ok</p>'],
    ['<p onclick="alert(1)" onmouseover="x()">ok</p>', '<p>ok</p>'],
    ['<img src="x.png" onerror="alert(1)">', '<img src="https://news.example/2024/03/x.png" />'],
    ['<a href="javascript:alert(1)">x</a>', 'x'],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', 'x'],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', 'x'],
    ['<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>', 'x'],
    ['<a href=" &#14;  javascript:alert(1)">x</a>', 'x'],
    ['<a href="javascript&colon;alert(1)">x</a>', 'x'],
    ['<a href="vbscript:msgbox(1)">x</a>', 'x'],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', 'x'],
    ['<img src="data:image/svg+xml;base64,PHN2Zz4=">', ''],
    ['<video poster="javascript:alert(1)" src="v.mp4"></video>', '<video src="https://news.example/2024/03/v.mp4" controls></video>'],
    ['<img srcset="https://news.example/a.png 1x, javascript:alert(1) 2x">', '<img srcset="https://news.example/a.png 1x" />'],
    ['<form action="/x"><input name="q"><button>Go</button></form>', 'Go'],
    ['<object data="x.swf"></object><embed src="y.swf">', ''],
    ['<svg onload="alert(1)"><script>alert(1)</script></svg>', ''],
    ['<math><mi>x</mi></math>', ''],
    ['<base href="https://evil.example/"><a href="rel">x</a>', '<a href="https://news.example/2024/03/rel" rel="noopener noreferrer">x</a>'],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example">', ''],
    ['<a href="https://ok.example/" ping="https://t.example/">x</a>', '<a href="https://ok.example/" rel="noopener noreferrer">x</a>'],
    ['<!-- comment --><p>c</p>', '<p>c</p>'],
    ['&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ])('%j → %j', (input, expected) => {
    expect(s(input)).toBe(expected);
  });
});

describe('sanitizeHtml links', () => {
  it.each([
    ['<a href="/about">About</a>', '<a href="https://news.example/about" rel="noopener noreferrer">About</a>'],
    ['<a href="https://x.example/" target="_blank" rel="opener">x</a>', '<a href="https://x.example/" rel="noopener noreferrer">x</a>'],
    ['<a href="mailto:desk@news.example">mail</a>', '<a href="mailto:desk@news.example" rel="noopener noreferrer">mail</a>'],
    ['<a href="#section">jump</a>', '<a href="https://news.example/2024/03/story.html#section" rel="noopener noreferrer">jump</a>'],
    ['<a href="//cdn.example/file">f</a>', '<a href="https://cdn.example/file" rel="noopener noreferrer">f</a>'],
    ['<a name="anchor">text</a>', 'text'],
  ])('%j → %j', (input, expected) => {
    expect(s(input)).toBe(expected);
  });

  it('without a base, relative links stay relative and protocol-relative ones become https', () => {
    expect(sanitizeHtml('<a href="/about">a</a><img src="//cdn.example/i.png">')).toBe(
      '<a href="/about" rel="noopener noreferrer">a</a><img src="https://cdn.example/i.png" />',
    );
  });
});

describe('sanitizeHtml lazy images', () => {
  it.each([
    ['<img data-src="/img/a.jpg" alt="A">', '<img alt="A" src="https://news.example/img/a.jpg" />'],
    ['<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-src="a.jpg">', '<img src="https://news.example/2024/03/a.jpg" />'],
    ['<img src="data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22%3E%3C/svg%3E" data-lazy-src="b.jpg">', '<img src="https://news.example/2024/03/b.jpg" />'],
    ['<img src="/static/blank.gif" data-original="c.jpg">', '<img src="https://news.example/2024/03/c.jpg" />'],
    ['<img src="real.jpg" data-src="other.jpg">', '<img src="https://news.example/2024/03/real.jpg" />'],
    ['<img data-srcset="s.jpg 1x, l.jpg 2x" data-src="s.jpg">', '<img src="https://news.example/2024/03/s.jpg" srcset="https://news.example/2024/03/s.jpg 1x, https://news.example/2024/03/l.jpg 2x" />'],
    ['<picture><source data-srcset="p.webp" type="image/webp"><img data-src="p.jpg"></picture>', '<picture><source type="image/webp" srcset="https://news.example/2024/03/p.webp" /><img src="https://news.example/2024/03/p.jpg" /></picture>'],
    ['<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">', ''],
    ['<img src="data:image/png;base64,' + 'A'.repeat(300) + '" alt="inline">', '<img src="data:image/png;base64,' + 'A'.repeat(300) + '" alt="inline" />'],
    ['<img src="https://t.example/pixel.gif" width="1" height="1">', ''],
    ['<img src="https://t.example/wide.gif" width="1" height="300">', '<img src="https://t.example/wide.gif" width="1" height="300" />'],
  ])('%j → %j', (input, expected) => {
    expect(s(input)).toBe(expected);
  });
});

describe('sanitizeHtml iframes', () => {
  const attrs = 'sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen';
  it.each([
    ['https://www.youtube.com/embed/abc', 'https://www.youtube.com/embed/abc'],
    ['http://www.youtube.com/embed/abc', 'https://www.youtube.com/embed/abc'],
    ['//www.youtube.com/embed/abc', 'https://www.youtube.com/embed/abc'],
    ['https://www.youtube-nocookie.com/embed/abc', 'https://www.youtube-nocookie.com/embed/abc'],
    ['https://player.vimeo.com/video/123', 'https://player.vimeo.com/video/123'],
    ['https://www.dailymotion.com/embed/video/x7', 'https://www.dailymotion.com/embed/video/x7'],
  ])('allowed: %s', (src, expected) => {
    expect(s(`<iframe src="${src}" width="560" height="315" onload="x()" srcdoc="<script>"></iframe>`)).toBe(`<iframe src="${expected}" width="560" height="315" ${attrs}></iframe>`);
  });

  it.each([
    ['https://evil.example/embed'],
    ['//evil.example/embed'],
    ['https://www.youtube.com/watch?v=abc'],
    ['https://www.youtube.com.evil.example/embed/abc'],
    ['javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['/relative/embed'],
  ])('refused: %s', (src) => {
    expect(s(`<p>before</p><iframe src="${src}"></iframe><p>after</p>`)).toBe('<p>before</p><p>after</p>');
  });

  it('an iframe without src is dropped', () => {
    expect(s('<iframe srcdoc="<script>alert(1)</script>"></iframe>')).toBe('');
  });
});

describe('sanitizeHtml empty leftovers', () => {
  it.each([
    ['<p></p><p> </p><p>&nbsp;</p><p>text</p>', '<p>text</p>'],
    ['<div><span></span></div><p>x</p>', '<p>x</p>'],
    ['<p><script>x</script></p>', ''],
    ['<p><a href="/x"></a></p>', ''],
    ['word<span> </span>word', 'word word'],
    ['<p><a href="/x"><img src="i.png"></a></p>', '<p><a href="https://news.example/x" rel="noopener noreferrer"><img src="https://news.example/2024/03/i.png" /></a></p>'],
    ['<figure><div><img src="i.png"></div></figure>', '<figure><div><img src="https://news.example/2024/03/i.png" /></div></figure>'],
    ['<video><source src="v.mp4" type="video/mp4"></video>', '<video controls><source src="https://news.example/2024/03/v.mp4" type="video/mp4" /></video>'],
    ['<video></video><audio></audio>', ''],
    ['<table><tr><td></td><td>x</td></tr></table>', '<table><tr><td></td><td>x</td></tr></table>'],
    ['<p>a</p>\n\n    \n<p>b</p>', '<p>a</p>\n<p>b</p>'],
  ])('%j → %j', (input, expected) => {
    expect(s(input)).toBe(expected);
  });
});
