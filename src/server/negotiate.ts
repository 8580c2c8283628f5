/** Content negotiation and conditional requests for feed responses (RFC 9110 §12.5.3, §13.1). */
import type { Coding } from '../syndicate/index.js';

/** Preference on equal quality: brotli is smallest, then gzip. */
const PREFERENCE: readonly Coding[] = ['br', 'gzip', 'identity'];

function qualities(header: string): Map<string, number> {
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp === undefined ? 1 : Number(qp.slice(2));
    q.set(name.trim(), Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
  }
  return q;
}

/** Distinct Accept-Encoding answers remembered (cleared when full), and the longest header remembered. */
const MEMO_MAX = 256;
const MEMO_HEADER_MAX = 200;
const memo = new Map<string, Coding>();

/**
 * The coding to send, among those `available`, per Accept-Encoding: the highest q wins, brotli before gzip
 * on ties; no header (or nothing acceptable) means identity, which is always available.
 */
export function chooseCoding(header: string | undefined, available: { gzip?: unknown; br?: unknown }): Coding {
  if (!header) return 'identity';
  // Clients send a handful of distinct headers ("gzip, deflate, br", …): remember the answer for each.
  const key = `${available.gzip === undefined ? 0 : 1}${available.br === undefined ? 0 : 1}${header}`;
  const known = header.length <= MEMO_HEADER_MAX ? memo.get(key) : undefined;
  if (known !== undefined) return known;
  const best = negotiate(header, available);
  if (header.length <= MEMO_HEADER_MAX) {
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(key, best);
  }
  return best;
}

function negotiate(header: string, available: { gzip?: unknown; br?: unknown }): Coding {
  const q = qualities(header);
  const star = q.get('*');
  let best: Coding = 'identity';
  let bestQ = -1;
  for (const coding of PREFERENCE) {
    if (coding !== 'identity' && available[coding] === undefined) continue;
    // identity is acceptable unless excluded explicitly (RFC 9110 §12.5.3); "*" covers codings not named.
    const value = q.get(coding) ?? (coding === 'identity' ? (star === 0 ? 0 : 1e-3) : (star ?? 0));
    if (value > 0 && value > bestQ) {
      best = coding;
      bestQ = value;
    }
  }
  return best;
}

/** True when the request's validators match (If-None-Match wins over If-Modified-Since, RFC 9110 §13.2.2). */
export function notModified(
  headers: { 'if-none-match'?: string | undefined; 'if-modified-since'?: string | undefined },
  etag: string,
  lastModified: string,
): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    // The common case, a client echoing the one ETag it was given, needs no parsing.
    if (inm === etag) return true;
    // Weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
    return inm.split(',').some((t) => {
      const tag = t.trim().replace(/^W\//, '');
      return tag === '*' || tag === etag;
    });
  }
  const ims = headers['if-modified-since'];
  if (ims) {
    const since = Date.parse(ims);
    const modified = Date.parse(lastModified);
    return Number.isFinite(since) && Number.isFinite(modified) && Math.floor(modified / 1000) <= Math.floor(since / 1000);
  }
  return false;
}
