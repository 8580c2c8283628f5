import { describe, expect, it } from 'vitest';
import {
  ROBOTS_MAX_CHARS,
  crawlDelayMs,
  isAllowed,
  normalizePath,
  parseRobots,
  patternMatches,
  productToken,
} from '../../../src/fetch/robots.js';

// RFC 9309 §5.1 "Simple Example".
const RFC_EXAMPLE = `User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot

EOF
`;

describe('RFC 9309 §5.1 simple example', () => {
  const rules = parseRobots(RFC_EXAMPLE);
  it.each<[string, string, boolean]>([
    ['foobot', '/example/page.html', true],
    ['foobot', '/example/allowed.gif', true],
    ['foobot', '/example/other.html', false],
    ['foobot', '/', false],
    ['FooBot/2.1 (+https://foo.example)', '/publications/', false],
    ['barbot', '/example/page.html', false],
    ['bazbot', '/example/page.html', false],
    ['barbot', '/example/other.html', true],
    ['barbot', '/image.gif', true],
    ['quxbot', '/example/page.html', true],
    ['quxbot', '/image.gif', true],
    ['feedmill/0.1 (+https://github.com/feedmill/feedmill)', '/example/x', false],
    ['feedmill', '/publications/', true],
    ['feedmill', '/images/logo.gif', false],
    ['feedmill', '/images/logo.gif?x', true],
    ['feedmill', '/anything', true],
  ])('%s %s → %s', (ua, path, allowed) => {
    expect(isAllowed(rules, ua, path)).toBe(allowed);
  });
});

describe('RFC 9309 precedence and grouping', () => {
  it('§5.2 longest match: the longer Disallow beats the Allow of its folder', () => {
    const rules = parseRobots('User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n');
    expect(isAllowed(rules, 'foobot', '/example/page/')).toBe(true);
    expect(isAllowed(rules, 'foobot', '/example/page/disallowed.gif')).toBe(false);
  });

  it('§2.2.1 groups naming the same agent are merged', () => {
    const rules = parseRobots('user-agent: ExampleBot\ndisallow: /foo\ndisallow: /bar\n\nuser-agent: ExampleBot\ndisallow: /baz\n');
    for (const p of ['/foo', '/bar', '/baz']) expect(isAllowed(rules, 'examplebot', p)).toBe(false);
    expect(isAllowed(rules, 'examplebot', '/qux')).toBe(true);
  });

  it('a crawler with its own group ignores the * group', () => {
    const rules = parseRobots('User-agent: *\nDisallow: /\n\nUser-agent: feedmill\nDisallow: /private\n');
    expect(isAllowed(rules, 'feedmill/0.1', '/news')).toBe(true);
    expect(isAllowed(rules, 'feedmill/0.1', '/private/x')).toBe(false);
    expect(isAllowed(rules, 'otherbot', '/news')).toBe(false);
  });

  it('no matching group and no * group allows everything', () => {
    expect(isAllowed(parseRobots('User-agent: googlebot\nDisallow: /\n'), 'feedmill', '/x')).toBe(true);
  });

  it('/robots.txt itself is always allowed (§2.2.3)', () => {
    expect(isAllowed(parseRobots('User-agent: *\nDisallow: /\n'), 'feedmill', '/robots.txt')).toBe(true);
  });

  it('an empty Disallow allows everything', () => {
    expect(isAllowed(parseRobots('User-agent: *\nDisallow:\n'), 'feedmill', '/x')).toBe(true);
  });
});

// https://developers.google.com/search/docs/crawling-indexing/robots/robots_txt "Order of precedence for rules".
describe("Google's documented precedence examples", () => {
  it.each<[string, string, string, boolean]>([
    ['/page', 'allow: /p', 'disallow: /', true],
    ['/folder/page', 'allow: /folder', 'disallow: /folder', true],
    ['/page.htm', 'allow: /page', 'disallow: /*.htm', false],
    ['/page.php5', 'allow: /page', 'disallow: /*.ph', true],
    ['/', 'allow: /$', 'disallow: /', true],
    ['/page.htm', 'allow: /$', 'disallow: /', false],
  ])('%s with "%s" and "%s" → %s', (path, allow, disallow, allowed) => {
    expect(isAllowed(parseRobots(`user-agent: *\n${allow}\n${disallow}\n`), 'feedmill', path)).toBe(allowed);
    expect(isAllowed(parseRobots(`user-agent: *\n${disallow}\n${allow}\n`), 'feedmill', path)).toBe(allowed);
  });
});

// Same page, "URL matching based on path values".
describe("Google's documented path matching examples", () => {
  const fish = ['/fish', '/fish.html', '/fish/salmon.html', '/fishheads', '/fishheads/yummy.html', '/fish.php?id=anything'];
  const notFish = ['/Fish.asp', '/catfish', '/?id=fish', '/desert/fish'];
  const cases: [string, string[], string[]][] = [
    ['/', ['/', '/anything'], []],
    ['/*', ['/', '/anything'], []],
    ['/$', ['/'], ['/anything', '/?x']],
    ['/fish', fish, notFish],
    ['/fish*', fish, notFish],
    ['/fish/', ['/fish/', '/fish/?id=anything', '/fish/salmon.htm'], ['/fish', '/fish.html', '/animals/fish/', '/Fish/Salmon.asp']],
    [
      '/*.php',
      ['/index.php', '/filename.php', '/folder/filename.php', '/folder/filename.php?parameters', '/folder/any.php.file.html', '/filename.php/'],
      ['/', '/windows.PHP'],
    ],
    ['/*.php$', ['/filename.php', '/folder/filename.php'], ['/filename.php?parameters', '/filename.php/', '/filename.php5', '/windows.PHP']],
    ['/fish*.php', ['/fish.php', '/fishheads/catfish.php?parameters'], ['/Fish.PHP']],
  ];
  it.each(
    cases.flatMap(([pattern, yes, no]) => [
      ...yes.map((p) => [pattern, p, true] as const),
      ...no.map((p) => [pattern, p, false] as const),
    ]),
  )('%s matches %s: %s', (pattern, path, expected) => {
    expect(patternMatches(path, normalizePath(pattern))).toBe(expected);
    expect(isAllowed(parseRobots(`User-agent: *\nDisallow: ${pattern}\n`), 'feedmill', path)).toBe(!expected);
  });
});

describe('percent-encoding (RFC 9309 §2.2.2)', () => {
  it.each<[string, string]>([
    ['/foo/bar?baz=quz', '/foo/bar?baz=quz'],
    ['/foo/bar/ツ', '/foo/bar/%E3%83%84'],
    ['/foo/bar/%e3%83%84', '/foo/bar/%E3%83%84'],
    ['/foo/bar/%62%61%7A', '/foo/bar/baz'],
    ['/a%2fb', '/a%2Fb'],
    ['/a b', '/a%20b'],
    ['/100%', '/100%'],
  ])('%s → %s', (raw, normalized) => {
    expect(normalizePath(raw)).toBe(normalized);
  });

  it('a rule written in UTF-8 matches the encoded URL path, and an encoded rule the plain path', () => {
    const rules = parseRobots('User-agent: *\nDisallow: /foo/bar/ツ\nDisallow: /%62%61%7A\n');
    expect(isAllowed(rules, 'feedmill', new URL('https://x.test/foo/bar/ツ/1').pathname)).toBe(false);
    expect(isAllowed(rules, 'feedmill', '/baz/qux')).toBe(false);
  });
});

describe('parsing real-world files', () => {
  it('reads product tokens case-insensitively, with versions and comments', () => {
    const rules = parseRobots('User-agent: FeedMill/1.0 # our bot\nDisallow: /a # no\n');
    expect(rules.groups).toEqual([{ agents: ['feedmill'], rules: [{ allow: false, path: '/a' }] }]);
  });

  it('ignores rules before the first user-agent line', () => {
    const rules = parseRobots('Disallow: /\nUser-agent: *\nDisallow: /b\n');
    expect(isAllowed(rules, 'feedmill', '/a')).toBe(true);
    expect(isAllowed(rules, 'feedmill', '/b')).toBe(false);
  });

  it('a group holding only a Crawl-delay does not lend the next group its Disallow', () => {
    const rules = parseRobots('User-agent: *\nCrawl-delay: 10\n\nUser-agent: badbot\nDisallow: /\n');
    expect(rules.groups).toHaveLength(2);
    expect(isAllowed(rules, 'feedmill', '/news')).toBe(true);
    expect(crawlDelayMs(rules, 'feedmill')).toBe(10_000);
    expect(isAllowed(rules, 'badbot', '/news')).toBe(false);
    expect(crawlDelayMs(rules, 'badbot')).toBeUndefined();
  });

  it('a Sitemap line between user-agent lines does not split the group (§2.2.4)', () => {
    const rules = parseRobots('User-agent: a\nSitemap: https://x.test/s.xml\nUser-agent: b\nDisallow: /x\n');
    expect(rules.groups).toHaveLength(1);
    expect(isAllowed(rules, 'a', '/x')).toBe(false);
  });

  it('handles a BOM, CRLF and bare CR line ends', () => {
    const rules = parseRobots('\uFEFFUser-agent: *\r\nDisallow: /a\rDisallow: /b\n');
    expect(isAllowed(rules, 'feedmill', '/a')).toBe(false);
    expect(isAllowed(rules, 'feedmill', '/b')).toBe(false);
  });

  it('accepts common misspellings of the keys', () => {
    const rules = parseRobots('useragent: *\ndisalow: /a\nDissallow: /b\n');
    expect(isAllowed(rules, 'feedmill', '/a')).toBe(false);
    expect(isAllowed(rules, 'feedmill', '/b')).toBe(false);
  });

  it('collects sitemaps wherever they appear', () => {
    const rules = parseRobots('Sitemap: https://x.test/s1.xml\nUser-agent: *\nSitemap: https://x.test/s2.xml\nDisallow: /a\n');
    expect(rules.sitemaps).toEqual(['https://x.test/s1.xml', 'https://x.test/s2.xml']);
    expect(isAllowed(rules, 'feedmill', '/a')).toBe(false);
  });

  it('skips garbage (an HTML page served as robots.txt) and allows all', () => {
    const rules = parseRobots('<!doctype html><html><body><h1>Welcome</h1></body></html>');
    expect(isAllowed(rules, 'feedmill', '/anything')).toBe(true);
  });

  it('parses the first 500 KiB and ignores the rest (§2.5)', () => {
    const filler = '# padding\n'.repeat(Math.ceil(ROBOTS_MAX_CHARS / 10));
    const rules = parseRobots(`User-agent: *\nDisallow: /early\n${filler}Disallow: /late\n`);
    expect(isAllowed(rules, 'feedmill', '/early')).toBe(false);
    expect(isAllowed(rules, 'feedmill', '/late')).toBe(true);
  });

  it('wildcard-heavy patterns do not backtrack exponentially', () => {
    const rules = parseRobots(`User-agent: *\nDisallow: /${'*a'.repeat(40)}b\n`);
    expect(isAllowed(rules, 'feedmill', `/${'a'.repeat(3000)}`)).toBe(true);
  });
});

describe('crawl-delay and product tokens', () => {
  it.each<[string, string, number | undefined]>([
    ['User-agent: *\nCrawl-delay: 2.5\n', 'feedmill', 2500],
    ['User-agent: *\nCrawl-delay: 10\n\nUser-agent: feedmill\nCrawl-delay: 1\n', 'feedmill', 1000],
    ['User-agent: feedmill\nCrawl-delay: 1\n\nUser-agent: feedmill\nCrawl-delay: 3\n', 'feedmill', 3000],
    ['User-agent: *\nCrawl-delay: soon\n', 'feedmill', undefined],
    ['User-agent: *\nCrawl-delay: -1\n', 'feedmill', undefined],
    ['User-agent: other\nCrawl-delay: 5\n', 'feedmill', undefined],
  ])('%j for %s → %s', (text, ua, ms) => {
    expect(crawlDelayMs(parseRobots(text), ua)).toBe(ms);
  });

  it.each<[string, string]>([
    ['feedmill/0.1 (+https://github.com/feedmill/feedmill)', 'feedmill'],
    ['Googlebot-News', 'googlebot-news'],
    ['*', '*'],
    ['Mozilla/5.0 (compatible)', 'mozilla'],
    ['   ', ''],
  ])('productToken(%j) = %j', (ua, token) => {
    expect(productToken(ua)).toBe(token);
  });
});
