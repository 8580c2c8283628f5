/** Compression bombs for fetch tests: tiny compressed, huge inflated, built without ever holding the inflated bytes. */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/** How many bytes each bomb inflates to. */
export const BOMB_INFLATED = 512 * 1024 * 1024;

const ZEROS = Buffer.alloc(1024 * 1024);

async function compressZeros(z: zlib.Gzip | zlib.BrotliCompress, totalBytes: number): Promise<Buffer> {
  const out: Buffer[] = [];
  z.on('data', (d: Buffer) => out.push(d));
  const ended = new Promise((resolve) => z.on('end', resolve));
  for (let written = 0; written < totalBytes; written += ZEROS.length) {
    if (!z.write(ZEROS)) await new Promise((resolve) => z.once('drain', resolve));
  }
  z.end();
  await ended;
  return Buffer.concat(out);
}

/** A gzip bomb: one 64 MiB member of zeros repeated (a multi-member gzip stream is valid, RFC 1952 §2.2). */
export async function gzipBomb(): Promise<Buffer> {
  const member = await compressZeros(zlib.createGzip({ level: 9 }), 64 * 1024 * 1024);
  return Buffer.concat(new Array<Buffer>(BOMB_INFLATED / (64 * 1024 * 1024)).fill(member));
}

/** A brotli bomb: BOMB_INFLATED zeros in well under a kilobyte or so. */
export async function brotliBomb(): Promise<Buffer> {
  const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 };
  return compressZeros(zlib.createBrotliCompress({ params }), BOMB_INFLATED);
}

/** A Readable that hands out `data` in small pieces on demand and records how much was pulled. */
export function meteredSource(data: Buffer, pieceBytes = 1024): { stream: Readable; pulled: () => number } {
  let offset = 0;
  const stream = new Readable({
    read() {
      if (offset >= data.length) return void this.push(null);
      this.push(data.subarray(offset, offset + pieceBytes));
      offset += pieceBytes;
    },
  });
  return { stream, pulled: () => Math.min(offset, data.length) };
}

/** Peak resident set size sampled while `work` runs, minus the size before it started. */
export async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; growth: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
  const [result] = await Promise.allSettled([work()]);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { result, growth: peak - before };
}
