/** Reads a response body: undoes Content-Encoding with node:zlib streams and stops at a cap on decoded bytes. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { FeedmillError } from '../model/errors.js';

/** The codings we advertise in Accept-Encoding; a response may only use these (RFC 9110 §12.5.3). */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

type Coding = 'gzip' | 'deflate' | 'br';

/** The error for a body over the cap; the message names the cap, never the URL. */
export function tooLarge(maxBytes: number): FeedmillError {
  return new FeedmillError('fetch', 'TOO_LARGE', `response exceeds ${maxBytes} bytes`);
}

/** Content-Encoding → codings in the order they were applied; throws DECODE for one we did not ask for. */
export function parseContentEncoding(header: string | undefined): Coding[] {
  if (header === undefined) return [];
  const codings: Coding[] = [];
  for (const raw of header.split(',')) {
    const coding = raw.trim().toLowerCase();
    if (coding === '' || coding === 'identity') continue;
    if (coding === 'gzip' || coding === 'x-gzip') codings.push('gzip');
    else if (coding === 'deflate' || coding === 'br') codings.push(coding);
    else {
      const shown = coding.replace(/[^a-z0-9._-]/g, '?').slice(0, 32);
      throw new FeedmillError('fetch', 'DECODE', `unsupported content-encoding "${shown}"`);
    }
  }
  return codings;
}

/** True when the bytes start with a zlib header (RFC 1950 §2.2): CM = 8, CINFO ≤ 7, FCHECK valid. */
function looksLikeZlib(first: Buffer): boolean {
  const cmf = first[0];
  if (cmf === undefined || (cmf & 0x0f) !== 8 || cmf >> 4 > 7) return false;
  const flg = first[1];
  return flg === undefined || (cmf * 256 + flg) % 31 === 0;
}

// Truncated streams still yield what was decoded, as browsers and curl do: many servers cut gzip short.
const ZLIB_OPTS: zlib.ZlibOptions = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTS: zlib.BrotliOptions = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

/** The decompressor for a coding; "deflate" is meant to be zlib-wrapped but some servers send raw deflate. */
function decompressor(coding: Coding, first: Buffer): zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress {
  if (coding === 'gzip') return zlib.createGunzip(ZLIB_OPTS);
  if (coding === 'br') return zlib.createBrotliDecompress(BROTLI_OPTS);
  return looksLikeZlib(first) ? zlib.createInflate(ZLIB_OPTS) : zlib.createInflateRaw(ZLIB_OPTS);
}

/** Drops a body nobody will read; undici bodies emit an AbortError when destroyed, which must not go unhandled. */
export function dropBody(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Marks errors of the upstream source so they are not mistaken for corrupt compressed data. */
class SourceFailure extends Error {
  constructor(readonly original: unknown) {
    super('source failed');
  }
}

async function* withFirst(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  try {
    for (let r = await rest.next(); r.done !== true; r = await rest.next()) yield r.value;
  } catch (err) {
    throw new SourceFailure(err);
  }
}

/**
 * One decoding stage. zlib streams honour backpressure (they stop inflating while their output is not
 * read), so a bomb only ever inflates as far as the consumer pulls: that is what keeps memory flat.
 */
function decodeStage(coding: Coding) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const it = source[Symbol.asyncIterator]();
    let head: IteratorResult<Buffer>;
    try {
      head = await it.next();
    } catch (err) {
      throw new SourceFailure(err);
    }
    if (head.done === true) return;
    const z = decompressor(coding, head.value);
    const feeding = pipeline(Readable.from(withFirst(head.value, it)), z).catch(() => undefined);
    try {
      for await (const chunk of z as AsyncIterable<Buffer>) yield chunk;
    } catch (err) {
      if (err instanceof SourceFailure || err instanceof FeedmillError) throw err;
      throw new FeedmillError('fetch', 'DECODE', `invalid ${coding} data`, { cause: err });
    } finally {
      z.destroy();
      await feeding;
    }
  };
}

/**
 * Drains `body` through the decoders for `contentEncoding` and returns the decoded bytes; throws
 * TOO_LARGE as soon as more than `maxBytes` decoded bytes arrive, DECODE on bad compressed data, and
 * whatever the source failed with (socket error, abort) otherwise.
 */
export async function readBody(body: Readable, contentEncoding: string | undefined, maxBytes: number): Promise<Buffer> {
  let codings: Coding[];
  try {
    codings = parseContentEncoding(contentEncoding);
  } catch (err) {
    dropBody(body);
    throw err;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const sink = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
  };
  // Decode in reverse order of application (RFC 9110 §8.4: codings are listed in the order applied).
  const stages = codings.reverse().map(decodeStage);
  try {
    await (pipeline as (...streams: unknown[]) => Promise<void>)(body, ...stages, sink);
  } catch (err) {
    dropBody(body);
    throw err instanceof SourceFailure ? err.original : err;
  }
  return Buffer.concat(chunks, total);
}
