/** Subscriber counts in feed readers' User-Agents, as the big aggregators send them. */
import { describe, expect, it } from 'vitest';
import { parseSubscribers } from '../../../src/partners/subscribers.js';

describe('parseSubscribers', () => {
  it.each([
    ['Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; feed-id=abc123)', { reader: 'Feedly', count: 42, feedRef: 'abc123' }],
    ['Feedly/1.0 (+http://www.feedly.com/fetcher.html; 1 subscriber)', { reader: 'Feedly', count: 1 }],
    ['Mozilla/5.0 (compatible; Inoreader/1.0; https://www.inoreader.com; 1,234 subscribers)', { reader: 'Inoreader', count: 1234 }],
    ['NewsBlur Feed Fetcher - 7 subscribers - http://www.newsblur.com/site/123/x (Mozilla/5.0)', { reader: 'NewsBlur Feed Fetcher', count: 7 }],
    ['Feedbin feed-id:1373711 - 12 subscribers', { reader: 'Feedbin', count: 12, feedRef: '1373711' }],
    ['theoldreader.com (3 subscribers; feed-id=5f2b)', { reader: 'theoldreader.com', count: 3, feedRef: '5f2b' }],
    ['Bloglovin/1.0 (http://www.bloglovin.com; 9 subscribers)', { reader: 'Bloglovin', count: 9 }],
    ['Netvibes (http://www.netvibes.com/; 5 subscribers; feedID: 777)', { reader: 'Netvibes', count: 5, feedRef: '777' }],
    ['Feedspot/1.0 (+https://www.feedspot.com/fs/fetcher; like FeedFetcher-Google; 2 readers)', { reader: 'Feedspot', count: 2 }],
  ])('%s', (ua, expected) => {
    expect(parseSubscribers(ua)).toEqual(expected);
  });

  it.each([
    undefined,
    '',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    'Feedly/1.0 (+http://www.feedly.com/fetcher.html; like FeedFetcher-Google)',
    'curl/8.5.0',
  ])('no count in %j', (ua) => {
    expect(parseSubscribers(ua)).toBeUndefined();
  });
});
