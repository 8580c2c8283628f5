/** The feed fixtures of tests/fixtures/feeds with the URL each was "fetched" from and its expected format. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeedFormat } from '../../../src/model/parsed.js';

/** Directory of the captured feed documents and their *.expected.json outputs. */
export const FEEDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'feeds');

/** [file, fetched-from URL, Content-Type header, format] for every valid fixture. */
export const VALID_FEEDS: [string, string, string | undefined, FeedFormat][] = [
  ['rss-0.91.xml', 'http://www.scripting.com/rss.xml', 'text/xml', 'rss-0.9x'],
  ['rss-1.0-rdf.xml', 'https://planet.example.org/rss10.xml', 'application/rdf+xml', 'rss-1.0'],
  ['rss-2.0-full.xml', 'https://www.daily.example/feed/', 'application/rss+xml; charset=utf-8', 'rss-2.0'],
  ['rss-windows-1252.xml', 'https://cafe.example.fr/rss', 'application/rss+xml', 'rss-2.0'],
  ['atom-1.0.xml', 'https://tech.example.co.uk/feed.atom', 'application/atom+xml', 'atom-1.0'],
  ['atom-0.3.xml', 'http://carnet.example.fr/atom.xml', 'application/xml', 'atom-0.3'],
  ['json-1.0.json', 'https://micro.example.blog/feed.json', 'application/json', 'json-1.0'],
  ['json-1.1.json', 'https://dispatch.example/feed.json', 'application/feed+json', 'json-1.1'],
];
