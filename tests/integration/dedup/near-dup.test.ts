import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_STORIES } from '../../../demo/site.js';
import { createLshIndex, type LshIndex } from '../../../src/dedup/lsh.js';
import { simhash } from '../../../src/dedup/simhash.js';
import { compareBodies } from '../../../src/dedup/similarity.js';
import { windowFingerprints } from '../../../src/dedup/windows.js';
import { extractArticle } from '../../../src/extract/index.js';
import { deletePrefix, testRedis, uniquePrefix } from '../../helpers/redis.js';

const BASE = 'http://demo.example';
const SITE = resolve(import.meta.dirname, '../../../demo/site');

/** An article page of the demo site as the pipeline would see it: extracted title and plain-text body. */
function demoArticle(path: string): { title: string; text: string } {
  const file = path.endsWith('/') ? `${path}index.html` : path.startsWith('/civic/article/') ? `${path}.html` : path;
  const html = readFileSync(resolve(SITE, `.${file}`), 'utf8').replaceAll('{{BASE}}', BASE);
  const a = extractArticle(html, { url: `${BASE}${path}` });
  return { title: a.title, text: a.contentText ?? '' };
}

interface Stored {
  id: string;
  title: string;
  text: string;
  clusterId: string;
}

/** process-article.ts's findCluster with window fps: candidates from the index, decided on bodies, first match wins. */
async function ingest(index: LshIndex, stored: Stored[], id: string, a: { title: string; text: string }): Promise<string> {
  const fp = simhash(`${a.title}\n${a.text}`);
  const windows = windowFingerprints(a.text);
  const ids = (await index.candidates([fp, ...windows], 20)).filter((c) => c !== id);
  const match = stored.filter((s) => ids.includes(s.id)).find((s) => compareBodies(a, s).duplicate);
  const clusterId = match?.clusterId ?? id;
  stored.push({ id, ...a, clusterId });
  await index.add(id, fp, windows);
  return clusterId;
}

let redis: Redis;
let prefix: string;

beforeAll(() => {
  redis = testRedis();
});
beforeEach(() => {
  prefix = uniquePrefix('neardup');
});
afterEach(async () => {
  await deletePrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
});

describe('near-duplicate clustering of the demo site (LSH candidates + compareBodies)', () => {
  it('one wire story on three outlets (original, rewritten lead, trimmed ending) is one cluster; the same-day story on the same utility stays apart', async () => {
    const index = createLshIndex(redis, prefix);
    const stored: Stored[] = [];
    const [civic, harbor, hstoday] = DEMO_STORIES.wireCopies;
    expect(await ingest(index, stored, 'civic', demoArticle(civic as string))).toBe('civic');
    expect(await ingest(index, stored, 'distinct', demoArticle(DEMO_STORIES.sameTopicDistinct))).toBe('distinct');
    expect(await ingest(index, stored, 'harbor', demoArticle(harbor as string))).toBe('civic');
    expect(await ingest(index, stored, 'hstoday', demoArticle(hstoday as string))).toBe('civic');
  });

  it('joins the same cluster whichever copy arrives first (the trimmed one included)', async () => {
    const index = createLshIndex(redis, prefix);
    const stored: Stored[] = [];
    const [civic, harbor, hstoday] = DEMO_STORIES.wireCopies;
    expect(await ingest(index, stored, 'hstoday', demoArticle(hstoday as string))).toBe('hstoday');
    expect(await ingest(index, stored, 'harbor', demoArticle(harbor as string))).toBe('hstoday');
    expect(await ingest(index, stored, 'civic', demoArticle(civic as string))).toBe('hstoday');
    expect(await ingest(index, stored, 'distinct', demoArticle(DEMO_STORIES.sameTopicDistinct))).toBe('distinct');
  });
});
