import fc from 'fast-check';
/** itemFingerprint v2: length-framed fields, whitespace folded exactly like `/\s+/g`. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ArticleDraft } from '../../../src/model/article.js';
import { itemFingerprint } from '../../../src/dedup/identity.js';

const base: ArticleDraft = {
  url: 'https://example.com/a',
  title: 'Rail plan approved',
  summary: 'Parliament approved the plan.',
  contentHtml: '<p>Parliament approved the plan.</p>\n<p>Second paragraph.</p>',
  contentText: 'Parliament approved the plan.\n\nSecond paragraph.',
  authors: [],
  categories: [],
  enclosures: [],
  wordCount: 6,
};

const JS_SPACES = ['\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];

describe('itemFingerprint v2', () => {
  it.each(JS_SPACES.map((s) => [s.codePointAt(0)!.toString(16), s]))('treats U+%s like a space', (_code, s) => {
    const spaced = { ...base, contentHtml: base.contentHtml!.replace(/ /g, `${s} `), title: `${s}Rail plan${s}${s}approved${s}` };
    expect(itemFingerprint(spaced)).toBe(itemFingerprint(base));
  });

  it('keeps fields apart: text moved from one field to the next is a change', () => {
    const a = itemFingerprint({ ...base, title: 'ab', url: undefined });
    const b = itemFingerprint({ ...base, title: 'a', url: 'b' });
    expect(a).not.toBe(b);
  });

  it('differs from the v1 formula (stored v1 fingerprints make every item be processed once more after the upgrade)', () => {
    const norm = (v: string | undefined) => (v ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
    const v1 = JSON.stringify([
      'v1', norm(base.title), norm(base.url), norm(base.contentHtml), norm(base.contentText), norm(base.summary), '', '', [], [], null, [],
    ]);
    expect(itemFingerprint(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(itemFingerprint(base)).not.toBe(createHash('sha256').update(v1, 'utf8').digest('hex'));
  });
});

describe('itemFingerprint: NFC', () => {
  // Already-NFC text (Latin-1, typographic marks) skips normalize(); anything else must still be normalized.
  const piece = fc.constantFrom('e', '\u0301', 'é', 'A', '\u030a', 'Å', '’', '—', '…', 'ß', '\u2000', '\u2126', 'Ω', 'ﬁ', '한', '\u1100\u1161', ' ', '\n', 'x');
  const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));

  it('hashes a draft as it hashes the same draft normalized to NFC beforehand', () => {
    fc.assert(
      fc.property(text, text, (title, body) => {
        const draft = { ...base, title, contentHtml: `<p>${body}</p>`, contentText: body };
        const nfc = { ...draft, title: title.normalize('NFC'), contentHtml: draft.contentHtml.normalize('NFC'), contentText: body.normalize('NFC') };
        expect(itemFingerprint(draft)).toBe(itemFingerprint(nfc));
      }),
      { numRuns: 300 },
    );
  });
});
