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
import { WireHead, type WireAnswer, type WireHeaders, type WireRequest } from './wire.js';

/** Headers shared by every representation of a feed. */
export interface FeedHeaders {
  cacheControl: string;
  /** The Link header (WebSub hub and self), when the feed has a hub. */
  link?: string;
}

/** Per render: each coding's ETag, header lists and wire heads, indexed by coding (identity, gzip, br) then status. */
interface Prepared {
  etags: [string, string, string];
  lists: (string[] | undefined)[];
  heads: (WireHead | null | undefined)[];
}

const CODINGS: readonly Coding[] = ['identity', 'gzip', 'br'];
const built = new WeakMap<RenderedBytes, Prepared>();

function prepared(bytes: RenderedBytes): Prepared {
  let p = built.get(bytes);
  if (!p) {
    p = { etags: [bytes.etag, variantEtag(bytes.etag, 'gzip'), variantEtag(bytes.etag, 'br')], lists: [], heads: [] };
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

/** What a feed request gets: the status, and the index of its header list in `Prepared`. */
function decide(headers: IncomingMessage['headers'] | WireHeaders, bytes: RenderedBytes, coding: Coding): { p: Prepared; c: number; status: 200 | 304; i: number } {
  const p = prepared(bytes);
  const c = coding === 'identity' ? 0 : coding === 'gzip' ? 1 : 2;
  const status = notModified(headers, p.etags[c]!, bytes.lastModified) ? 304 : 200;
  return { p, c, status, i: c * 2 + (status === 304 ? 1 : 0) };
}

function listOf(d: ReturnType<typeof decide>, bytes: RenderedBytes, common: FeedHeaders, body: Buffer): string[] {
  return d.p.lists[d.i] ?? (d.p.lists[d.i] = headerList(bytes, CODINGS[d.c]!, d.p.etags[d.c]!, d.status, common, body));
}

// Anything but HTAB and printable ASCII in a header value: such a head is left to node:http, which validates it.
const UNWRITABLE = /[^\t\x20-\x7e]/;

/**
 * The wire answer (wire.ts) to a feed request: the same status and headers `writeFeed` sends, as one
 * prebuilt head per (render, coding, status); undefined when a header value is not plain ASCII (node:http
 * then answers, and rejects it as it always did).
 */
export function wireFeed(req: WireRequest, bytes: RenderedBytes, coding: Coding, body: Buffer, common: FeedHeaders): { answer: WireAnswer; status: 200 | 304 } | undefined {
  const d = decide(req.headers, bytes, coding);
  let head = d.p.heads[d.i];
  if (head === undefined) {
    const list = listOf(d, bytes, common, body);
    let text = d.status === 200 ? 'HTTP/1.1 200 OK\r\n' : 'HTTP/1.1 304 Not Modified\r\n';
    for (let k = 0; k < list.length; k += 2) text += `${list[k]}: ${list[k + 1]}\r\n`;
    head = d.p.heads[d.i] = list.some((v) => UNWRITABLE.test(v)) ? null : new WireHead(text);
  }
  if (head === null) return undefined;
  return { answer: d.status === 200 ? { head, body } : { head }, status: d.status };
}

/**
 * Answers with `body` (the `coding` representation of `bytes`), or 304 when the request's validators match;
 * returns the status sent.
 */
export function writeFeed(req: IncomingMessage, res: ServerResponse, bytes: RenderedBytes, coding: Coding, body: Buffer, common: FeedHeaders): 200 | 304 {
  const d = decide(req.headers, bytes, coding);
  const status = d.status;
  res.writeHead(status, listOf(d, bytes, common, body));
  // HEAD: the same headers (Content-Length included), no body (RFC 9110 §9.3.2).
  if (status === 304 || req.method === 'HEAD') res.end();
  else res.end(body);
  return status;
}
