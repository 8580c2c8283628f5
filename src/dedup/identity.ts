/**
 * Identity keys: the public article id, the content hash and the item fingerprint (DESIGN.md "Canonical
 * article": id, contentHash; convention 4: clean URL → identity → skip known).
 */
import { createHash } from 'node:crypto';
import type { ArticleDraft } from '../model/article.js';
import { FeedmillError } from '../model/errors.js';
import { tokenize, tokens, type TokenizedText } from './simhash.js';

// RFC 4648 §6 base32 alphabet, lowercased: URL-safe, case-insensitive-safe (DNS labels, file names), no padding.
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32 of `bytes`, lowercase, without `=` padding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(acc >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

function sha256(input: string): Buffer {
  return createHash('sha256').update(input, 'utf8').digest();
}

/**
 * The stable public id of an article: base32 (lowercase, RFC 4648, unpadded) of the first 16 bytes of
 * SHA-256 — 26 characters, 128 bits. Input is `url\n<url>` when there is a URL (the caller has already
 * cleaned it; surrounding whitespace is ignored), else `guid\n<sourceId>\n<guid>`; the tag keeps a guid that
 * happens to be a URL from colliding with that URL's id. Never change this: ids are public.
 */
export function articleIdFor(url: string | undefined, sourceId: string, guid?: string): string {
  const u = url?.trim();
  if (u) return base32(sha256(`url\n${u}`).subarray(0, 16));
  const g = guid?.trim();
  if (g) return base32(sha256(`guid\n${sourceId}\n${g}`).subarray(0, 16));
  throw new FeedmillError('normalize', 'EMPTY', `item of source ${sourceId} has neither a URL nor a guid`);
}

/** The text `contentHash` hashes: word tokens (NFKC, lowercased, punctuation and whitespace folded) joined by spaces. */
export function normalizeForHash(text: string): string {
  return tokens(text).join(' ');
}

/**
 * SHA-256 (hex) of the normalized text, so re-encodings (entities, full-width forms, curly vs straight
 * quotes), re-wrapping and punctuation-only edits hash the same.
 */
export function contentHash(text: string): string {
  return contentHashOf(tokenize(text));
}

/** {@link contentHash} of a text already tokenized (the article stage also derives its SimHash from the same tokens). */
export function contentHashOf(t: TokenizedText): string {
  return createHash('sha256').update(t.utf8).digest('hex');
}

/**
 * A whitespace run that `/\s+/g → ' '` would change: two or more `\s` characters, or one that is not a space.
 * Same result as folding every run, at a third of the cost on long texts (single spaces are left alone).
 */
const FOLDABLE_SPACE = /\s{2,}|[\t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

/**
 * Text NFC leaves as it is: code points below U+0300 and the typographic marks U+2010–U+2027 are all NFC_QC=Yes, none
 * combines with a neighbour (every combining mark and composition partner is at U+0300 or above), so a string of only
 * these is already NFC. Most Western news text is, and the test costs a fraction of `normalize`.
 */
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose
const NFC_STABLE = /^[\u0000-\u02ff\u2010-\u2027]*$/;

// Whitespace-only changes (re-serialized XML, CRLF) are not updates; NFC so composed/decomposed accents agree.
function norm(s: string | undefined): string {
  if (!s) return '';
  return (NFC_STABLE.test(s) ? s : s.normalize('NFC')).replace(FOLDABLE_SPACE, ' ').trim();
}

/**
 * SHA-256 (hex) of the fields whose change means "the item was updated": title, url, contentHtml,
 * contentText, summary, publishedAt, updatedAt, authors (in order), categories (as a set), image,
 * enclosures. Whitespace runs are folded and absent equals empty, so a re-serialized feed does not count
 * as an update. Tagged `v2`: changing the formula changes every fingerprint (one full re-process). v2 frames
 * each text field by its length instead of JSON-escaping it (the bodies are most of the bytes, and escaping
 * them cost as much as hashing them); the small structured fields stay one JSON value.
 */
export function itemFingerprint(draft: ArticleDraft): string {
  const categories = [...new Set(draft.categories.map(norm).filter((c) => c !== ''))].sort();
  const structured = JSON.stringify([
    draft.authors.map((a) => [norm(a.name), norm(a.url), norm(a.email)]),
    categories,
    draft.image ? [norm(draft.image.url), norm(draft.image.alt), draft.image.width ?? null, draft.image.height ?? null] : null,
    draft.enclosures.map((e) => [norm(e.url), norm(e.type), e.length ?? null]),
  ]);
  const fields = [
    norm(draft.title),
    norm(draft.url),
    norm(draft.contentHtml),
    norm(draft.contentText),
    norm(draft.summary),
    norm(draft.publishedAt),
    norm(draft.updatedAt),
    structured,
  ];
  // "<length in UTF-16 code units>:<field>" for each field: unambiguous whatever the fields contain.
  let framed = 'v2';
  for (const f of fields) framed += `\n${f.length}:${f}`;
  return createHash('sha256').update(framed, 'utf8').digest('hex');
}
