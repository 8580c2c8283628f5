import { Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseContentEncoding, readBody } from '../../../src/fetch/body.js';
import { brotliBomb, gzipBomb, meteredSource } from './bombs.js';

const TEXT = Buffer.from('<rss><channel><title>hello</title></channel></rss>'.repeat(50));
const from = (...chunks: Buffer[]) => Readable.from(chunks);
const MiB = 1024 * 1024;

describe('parseContentEncoding', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['identity', []],
    ['GZIP', ['gzip']],
    ['x-gzip', ['gzip']],
    ['deflate', ['deflate']],
    ['br', ['br']],
    ['gzip, br', ['gzip', 'br']],
  ])('%j → %j', (header, codings) => {
    expect(parseContentEncoding(header)).toEqual(codings);
  });

  it.each(['zstd', 'compress', 'gzip, lzma'])('%s was never asked for → DECODE', (header) => {
    expect(() => parseContentEncoding(header)).toThrow(expect.objectContaining({ code: 'DECODE' }));
  });
});

describe('readBody', () => {
  it.each([
    ['identity', undefined, TEXT],
    ['gzip', 'gzip', zlib.gzipSync(TEXT)],
    ['deflate (zlib-wrapped, as RFC 9110 says)', 'deflate', zlib.deflateSync(TEXT)],
    ['deflate sent raw (old IIS quirk)', 'deflate', zlib.deflateRawSync(TEXT)],
    ['brotli', 'br', zlib.brotliCompressSync(TEXT)],
    ['gzip then brotli', 'gzip, br', zlib.brotliCompressSync(zlib.gzipSync(TEXT))],
  ])('decodes %s', async (_name, encoding, wire) => {
    const halves = [wire.subarray(0, 7), wire.subarray(7)];
    expect((await readBody(from(...halves), encoding, MiB)).equals(TEXT)).toBe(true);
  });

  it('accepts exactly maxBytes and refuses one more', async () => {
    expect((await readBody(from(TEXT), undefined, TEXT.length)).length).toBe(TEXT.length);
    await expect(readBody(from(TEXT), undefined, TEXT.length - 1)).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: `fetch: response exceeds ${TEXT.length - 1} bytes`,
    });
  });

  it('returns what a truncated gzip stream held (servers cut gzip short)', async () => {
    const big = Buffer.from('x'.repeat(100_000) + 'END');
    const gz = zlib.gzipSync(big);
    const out = await readBody(from(gz.subarray(0, gz.length - 8)), 'gzip', MiB);
    expect(out.toString().endsWith('END')).toBe(true);
  });

  it('corrupt gzip → DECODE', async () => {
    await expect(readBody(from(Buffer.from('definitely not gzip')), 'gzip', MiB)).rejects.toMatchObject({ code: 'DECODE' });
  });

  it('an empty body with a Content-Encoding is empty', async () => {
    expect((await readBody(from(), 'gzip', MiB)).length).toBe(0);
  });

  it('passes a source failure through instead of calling it DECODE', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const gz = zlib.gzipSync(TEXT);
    const failing = new Readable({ read() {} });
    failing.push(gz.subarray(0, 10));
    setImmediate(() => failing.destroy(reset));
    await expect(readBody(failing, 'gzip', MiB)).rejects.toBe(reset);
  });

  it('destroys the source on an unsupported encoding', async () => {
    const src = from(TEXT);
    await expect(readBody(src, 'zstd', MiB)).rejects.toMatchObject({ code: 'DECODE' });
    expect(src.destroyed).toBe(true);
  });
});

describe('readBody against compression bombs', () => {
  let gzip: Buffer;
  let brotli: Buffer;
  beforeAll(async () => {
    [gzip, brotli] = await Promise.all([gzipBomb(), brotliBomb()]);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Counts the bytes every decompressor of `factory` produces (its pushes), without changing its flow. */
  function meterInflation(factory: 'createGunzip' | 'createBrotliDecompress'): () => number {
    let produced = 0;
    const original = zlib[factory] as (opts?: zlib.ZlibOptions) => Transform;
    vi.spyOn(zlib, factory).mockImplementation(((opts?: zlib.ZlibOptions) => {
      const z = original(opts);
      const push = z.push.bind(z);
      z.push = (chunk: unknown, enc?: BufferEncoding) => {
        if (Buffer.isBuffer(chunk)) produced += chunk.length;
        return push(chunk, enc);
      };
      return z;
    }) as never);
    return () => produced;
  }

  it.each([
    ['gzip', 'createGunzip', () => gzip],
    ['br', 'createBrotliDecompress', () => brotli],
  ] as const)('%s bomb stops at the cap without inflating everything', async (encoding, factory, bomb) => {
    const inflated = meterInflation(factory);
    const data = bomb();
    const { stream } = meteredSource(data, 64);
    await expect(readBody(stream, encoding, MiB)).rejects.toMatchObject({ code: 'TOO_LARGE' });
    // Generous bound: the cap plus zlib's and the streams' buffers, against 512 MiB if it inflated everything.
    expect(inflated()).toBeGreaterThan(MiB);
    expect(inflated()).toBeLessThan(8 * MiB);
    expect(stream.destroyed).toBe(true);
  });

  it('gzip bomb: only a sliver of the compressed input is even read', async () => {
    const { stream, pulled } = meteredSource(gzip, 64);
    await expect(readBody(stream, 'gzip', MiB)).rejects.toMatchObject({ code: 'TOO_LARGE' });
    // ~1 KB of this bomb inflates to the 1 MiB cap; the rest is the 16 KB stream buffers on the way.
    expect(pulled()).toBeLessThan(64 * 1024);
    expect(gzip.length).toBeGreaterThan(500 * 1024);
  });
});
