import { describe, expect, it } from 'vitest';
import { cleanUrl, isTrackingParam, stripTrackingParams } from '../../../src/normalize/index.js';

describe('cleanUrl', () => {
  it.each([
    // scheme/host case, default ports, fragments
    ['HTTP://News.Example.COM/Path/To', undefined, 'http://news.example.com/Path/To'],
    ['https://example.com:443/a', undefined, 'https://example.com/a'],
    ['http://example.com:80/a', undefined, 'http://example.com/a'],
    ['https://example.com:8443/a', undefined, 'https://example.com:8443/a'],
    ['https://example.com/a#section-2', undefined, 'https://example.com/a'],
    ['https://example.com/a?#frag', undefined, 'https://example.com/a'],
    ['https://example.com/a?', undefined, 'https://example.com/a'],
    ['  https://example.com/a  ', undefined, 'https://example.com/a'],
    ['https://example.com', undefined, 'https://example.com/'],
    // tracking parameters, other params kept in order and encoding
    ['https://example.com/a?utm_source=rss&utm_medium=feed', undefined, 'https://example.com/a'],
    ['https://example.com/a?id=3&utm_campaign=x&page=2', undefined, 'https://example.com/a?id=3&page=2'],
    ['https://example.com/a?UTM_Source=x&b=1', undefined, 'https://example.com/a?b=1'],
    ['https://example.com/a?utm_whatever_new=1&z=9', undefined, 'https://example.com/a?z=9'],
    ['https://example.com/a?fbclid=IwAR0&gclid=1&msclkid=2&dclid=3&gbraid=4&wbraid=5', undefined, 'https://example.com/a'],
    ['https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&_hsenc=4&_hsmi=5&__hssc=6&__hstc=7&__hsfp=8', undefined, 'https://example.com/a'],
    ['https://example.com/a?hsCtaTracking=1&mkt_tok=2&yclid=3&twclid=4&ttclid=5&li_fat_id=6&s_cid=7', undefined, 'https://example.com/a'],
    ['https://example.com/a?vero_id=1&oly_anon_id=2&oly_enc_id=3&_ga=4&_gl=5&ref_src=6&ref_url=7', undefined, 'https://example.com/a'],
    ['https://example.com/a?rb_clickid=1&spm=2&wt_mc=3&ito=4&cmpid=5&ncid=6&sr_share=7', undefined, 'https://example.com/a'],
    ['https://example.com/a?at_medium=1&at_campaign=2&at_custom4=3&q=news', undefined, 'https://example.com/a?q=news'],
    ['https://example.com/a?ref=home&id=1', undefined, 'https://example.com/a?ref=home&id=1'],
    ['https://example.com/s?q=a%20b&tag=x+y', undefined, 'https://example.com/s?q=a%20b&tag=x+y'],
    ['https://example.com/a?a=1&&b=2', undefined, 'https://example.com/a?a=1&b=2'],
    ['https://example.com/a?utm%5Fsource=x&k=v', undefined, 'https://example.com/a?k=v'],
    // relative resolution
    ['/2024/story', 'https://news.example/feed/', 'https://news.example/2024/story'],
    ['story?id=2', 'https://news.example/section/', 'https://news.example/section/story?id=2'],
    ['//cdn.example/x.jpg', 'https://news.example/', 'https://cdn.example/x.jpg'],
    ['https://other.example/x', 'https://news.example/', 'https://other.example/x'],
    ['https://other.example/x', 'not a base', 'https://other.example/x'],
    ['https://exämple.com/ü', undefined, 'https://xn--exmple-cua.com/%C3%BC'],
  ])('%s (base %s) → %s', (raw, base, expected) => {
    expect(cleanUrl(raw, base)).toBe(expected);
  });

  it.each([
    ['javascript:alert(1)'],
    [' JAVASCRIPT:alert(1)'],
    ['java\tscript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['mailto:someone@example.com'],
    ['vbscript:msgbox(1)'],
    ['file:///etc/passwd'],
    ['ftp://example.com/file'],
    ['feed:https://example.com/rss'],
    ['//evil.example/path'],
    ['relative/path'],
    [''],
    ['   '],
    ['http://'],
  ])('%j is refused', (raw) => {
    expect(cleanUrl(raw)).toBeUndefined();
  });

  it('quote breakout characters are percent-encoded', () => {
    expect(cleanUrl('https://news.example/"><script>alert(1)</script>')).toBe('https://news.example/%22%3E%3Cscript%3Ealert(1)%3C/script%3E');
  });
});

describe('tracking parameters', () => {
  it.each([
    ['utm_source', true], ['UTM_TERM', true], ['fbclid', true], ['hsctatracking', true], ['at_medium', true],
    ['ref', false], ['id', false], ['page', false], ['pk', false], ['spm', true], ['q', false],
  ])('%s → %s', (name, expected) => {
    expect(isTrackingParam(name)).toBe(expected);
  });

  it('stripTrackingParams keeps raw encoding of the others', () => {
    expect(stripTrackingParams('a=%2F&utm_source=x&b=c+d')).toBe('a=%2F&b=c+d');
  });
});
