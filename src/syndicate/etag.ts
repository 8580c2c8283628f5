/** Strong entity tags for rendered feeds (RFC 9110 §8.8.3). */
import { createHash } from 'node:crypto';

/**
 * A strong ETag for `body`: the first 27 characters (162 bits) of its SHA-256 in base64url, quoted.
 * Same bytes, same tag, on every machine: workers render, any server process answers 304.
 */
export function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}
