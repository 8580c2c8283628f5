/**
 * Writes a feed response straight to the socket. Everything in the headers of a representation is fixed
 * once its bytes are (ETag, Last-Modified, type, length, coding), so the header list is built once per
 * (render, coding, status) and reused: a request for a popular feed costs the negotiation, one comparison
 * and one write, close to what a static file server does.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RenderedBytes } from '../store/rendered.js';
import { variantEtag, type Coding } from '../syndicate/index.js';
import { notModified } from './negotiate.js';

/** Headers shared by every representation of a feed. */
export interface FeedHeaders {
  cacheControl: string;
  /** The Link header (WebSub hub and self), when the feed has a hub. */
  link?: string;
}

const built = new WeakMap<RenderedBytes, Map<string, string[]>>();

function headerList(bytes: RenderedBytes, coding: Coding, status: 200 | 304, common: FeedHeaders, body: Buffer): string[] {
  let byKey = built.get(bytes);
  if (!byKey) {
    byKey = new Map();
    built.set(bytes, byKey);
  }
  const key = `${coding}:${status}`;
  let list = byKey.get(key);
  if (!list) {
    list = [
      'etag', variantEtag(bytes.etag, coding),
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
    byKey.set(key, list);
  }
  return list;
}

/** Answers with `body` (the `coding` representation of `bytes`), or 304 when the request's validators match. */
export function writeFeed(req: FastifyRequest, reply: FastifyReply, bytes: RenderedBytes, coding: Coding, body: Buffer, common: FeedHeaders): FastifyReply {
  const etag = variantEtag(bytes.etag, coding);
  const status = notModified(req.headers, etag, bytes.lastModified) ? 304 : 200;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(status, headerList(bytes, coding, status, common, body));
  // HEAD: the same headers (Content-Length included), no body (RFC 9110 §9.3.2).
  if (status === 304 || req.method === 'HEAD') res.end();
  else res.end(body);
  return reply;
}
