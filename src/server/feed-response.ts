/**
 * Writes a feed response straight to the socket. Everything in the headers of a representation is fixed
 * once its bytes are (ETag, Last-Modified, type, length, coding), so the header list is built once per
 * (render, coding, status) and reused: a request for a popular feed costs the negotiation, one comparison
 * and one write, close to what a static file server does. Works on Node's raw request and response, so the
 * in-memory fast path (no Fastify objects at all) and the Fastify route share it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RenderedBytes } from '../store/rendered.js';
import { variantEtag, type Coding } from '../syndicate/index.js';
import { notModified } from './negotiate.js';

/** Headers shared by every representation of a feed. */
export interface FeedHeaders {
  cacheControl: string;
  /** The Link header (WebSub hub and self), when the feed has a hub. */
  link?: string;
}

/** Per render: each coding's ETag and header lists, indexed by coding (identity, gzip, br) then status. */
interface Prepared {
  etags: [string, string, string];
  lists: (string[] | undefined)[];
}

const CODINGS: readonly Coding[] = ['identity', 'gzip', 'br'];
const built = new WeakMap<RenderedBytes, Prepared>();

function prepared(bytes: RenderedBytes): Prepared {
  let p = built.get(bytes);
  if (!p) {
    p = { etags: [bytes.etag, variantEtag(bytes.etag, 'gzip'), variantEtag(bytes.etag, 'br')], lists: [] };
    built.set(bytes, p);
  }
  return p;
}

function headerList(bytes: RenderedBytes, coding: Coding, etag: string, status: 200 | 304, common: FeedHeaders, body: Buffer): string[] {
  const list = [
    'etag', etag,
    'last-modified', bytes.lastModified,
    'cache-control', common.cacheControl,
    'vary', 'Accept-Encoding',
    ...(common.link !== undefined ? ['link', common.link] : []),
  ];
  // A 304 carries the validators and caching headers of the 200 it stands for (RFC 9110 §15.4.5), no body headers.
  if (status === 200) {
    list.push('content-type', bytes.contentType, 'content-length', String(body.length));
    if (coding !== 'identity') list.push('content-encoding', coding);
  }
  return list;
}

/**
 * Answers with `body` (the `coding` representation of `bytes`), or 304 when the request's validators match;
 * returns the status sent.
 */
export function writeFeed(req: IncomingMessage, res: ServerResponse, bytes: RenderedBytes, coding: Coding, body: Buffer, common: FeedHeaders): 200 | 304 {
  const p = prepared(bytes);
  const c = coding === 'identity' ? 0 : coding === 'gzip' ? 1 : 2;
  const etag = p.etags[c]!;
  const status = notModified(req.headers, etag, bytes.lastModified) ? 304 : 200;
  const i = c * 2 + (status === 304 ? 1 : 0);
  const list = p.lists[i] ?? (p.lists[i] = headerList(bytes, CODINGS[c]!, etag, status, common, body));
  res.writeHead(status, list);
  // HEAD: the same headers (Content-Length included), no body (RFC 9110 §9.3.2).
  if (status === 304 || req.method === 'HEAD') res.end();
  else res.end(body);
  return status;
}
