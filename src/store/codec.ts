/**
 * How an article is stored: its JSON, raw-deflated at level 1 behind a one-byte marker. Measured on the demo site's
 * articles: 3.4× smaller for 72 µs to encode and 24 µs to decode (level 6: 3.5× for 102 µs; brotli 4: 3.6× for 133 µs).
 * Values written before compression (plain JSON, starting with "{") still read.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Article } from '../model/article.js';

/** First byte of a compressed value; JSON never starts with it. */
const DEFLATED = 0x00;

/** The stored bytes of an article's JSON. */
export function encodeArticle(json: string): Buffer {
  return Buffer.concat([Buffer.of(DEFLATED), deflateRawSync(Buffer.from(json, 'utf8'), { level: 1 })]);
}

/** The article stored in `raw` (compressed, or plain JSON from before compression). */
export function decodeArticle(raw: Buffer): Article {
  const json = raw[0] === DEFLATED ? inflateRawSync(raw.subarray(1)).toString('utf8') : raw.toString('utf8');
  return JSON.parse(json) as Article;
}
