import { describe, expect, it } from 'vitest';
import { checkDepth } from '../../../src/parse/depth.js';
import { parseFeed } from '../../../src/parse/index.js';

describe('nesting bound', () => {
  it.each([
    ['flat feed', '<rss><channel><item><title>a</title></item></channel></rss>', true],
    ['self-closing and declarations', '<?xml version="1.0"?><!-- c --><rss><channel><link/><br/></channel></rss>', true],
    ['deep HTML inside CDATA does not count', `<rss><channel><description><![CDATA[${'<div>'.repeat(1000)}]]></description></channel></rss>`, true],
    ['257 levels', `${'<x>'.repeat(257)}${'</x>'.repeat(257)}`, false],
  ])('%s', (_name, xml, ok) => {
    if (ok) expect(() => checkDepth(xml)).not.toThrow();
    else expect(() => checkDepth(xml)).toThrow(expect.objectContaining({ code: 'PARSE_ERROR' }));
  });

  it('refuses a deeply nested feed with a clear message, before any recursive parser sees it', async () => {
    const xml = `<rss version="2.0"><channel><title>t</title>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</channel></rss>`;
    await expect(parseFeed(xml, {})).rejects.toMatchObject({ code: 'PARSE_ERROR', message: 'parse: elements nest deeper than 256 levels (refused)' });
  });
});
