import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_BITS, bandSlot, bandValues, bandWidths, probeBuckets, probeSlots, storeBuckets, storeSlots } from '../../../src/dedup/bands.js';

describe('bandWidths', () => {
  it.each([
    [2, [32, 32]],
    [4, [16, 16, 16, 16]],
    [5, [13, 13, 13, 13, 12]],
    [8, [8, 8, 8, 8, 8, 8, 8, 8]],
  ])('%i bands → %j', (bands, widths) => {
    expect(bandWidths(bands)).toEqual(widths);
  });

  it.each([0, 1, 33, 2.5, Number.NaN])('rejects %s bands', (bands) => {
    expect(() => bandWidths(bands)).toThrow(RangeError);
  });
});

describe('bandValues', () => {
  it('reads bands most significant first', () => {
    expect(bandValues('0123456789abcdef', bandWidths(4))).toEqual([0x0123, 0x4567, 0x89ab, 0xcdef]);
    expect(bandValues('ffffffff00000001', bandWidths(2))).toEqual([0xffffffff, 1]);
  });

  it('agrees with a bit-by-bit BigInt reference for every band count', () => {
    const hex = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((x) => x.toString(16).padStart(16, '0'));
    fc.assert(
      fc.property(hex, fc.integer({ min: 2, max: 32 }), (fp, bands) => {
        const widths = bandWidths(bands);
        let pos = 64n;
        const expected = widths.map((w) => {
          pos -= BigInt(w);
          return Number((BigInt(`0x${fp}`) >> pos) & ((1n << BigInt(w)) - 1n));
        });
        expect(bandValues(fp, widths)).toEqual(expected);
      }),
    );
  });

  it('handles widths that are not whole hex digits', () => {
    // 5 bands: 13,13,13,13,12 bits of an all-ones value.
    expect(bandValues('ffffffffffffffff', bandWidths(5))).toEqual([8191, 8191, 8191, 8191, 4095]);
  });
});

describe('buckets', () => {
  it('stores in one bucket per band, named like the fp digits for 16-bit bands', () => {
    expect(storeBuckets('0123456789abcdef', bandWidths(4))).toEqual(['0:0123', '1:4567', '2:89ab', '3:cdef']);
  });

  it('probes its own buckets plus every one-bit neighbour', () => {
    const keys = probeBuckets('0123456789abcdef', bandWidths(4), 1);
    expect(keys).toHaveLength(4 * 17);
    expect(keys).toContain('0:0123');
    expect(keys).toContain('0:0122');
    expect(keys).toContain('0:8123');
    expect(keys).not.toContain('0:0120'); // two bits away
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('probes only its own buckets without multi-probe', () => {
    expect(probeBuckets('0123456789abcdef', bandWidths(4), 0)).toEqual(storeBuckets('0123456789abcdef', bandWidths(4)));
  });

  it('flips the top bit of a 32-bit band without going negative', () => {
    expect(probeBuckets('0000000000000000', bandWidths(2), 1)).toContain('0:80000000');
  });
});

describe('slots (sorted-set key + score)', () => {
  it.each([
    ['32-bit bands: the high 16 bits name the key, the low 16 are the score', 2, [{ bucket: '0:0123', score: 0x4567 }, { bucket: '1:89ab', score: 0xcdef }]],
    ['16-bit bands: one key per value (named like the fp digits), score 0', 4, [
      { bucket: '0:0123', score: 0 }, { bucket: '1:4567', score: 0 }, { bucket: '2:89ab', score: 0 }, { bucket: '3:cdef', score: 0 },
    ]],
  ])('%s', (_label, bands, expected) => {
    expect(storeSlots('0123456789abcdef', bandWidths(bands))).toEqual(expected);
  });

  it('keeps at most 2^16 keys per band whatever the width', () => {
    expect(KEY_BITS).toBe(16);
    expect(bandSlot(0, 0xffffffff, 32)).toEqual({ bucket: '0:ffff', score: 0xffff });
    expect(bandSlot(2, 0x1fffff, 21)).toEqual({ bucket: '2:ffff', score: 31 });
  });

  it('probes the own slot and every one-bit neighbour, across the key/score split', () => {
    const slots = probeSlots('0000000000000000', bandWidths(2), 1);
    expect(slots).toHaveLength(2 * 33);
    expect(slots).toContainEqual({ bucket: '0:0000', score: 1 }); // lowest bit: same key, other score
    expect(slots).toContainEqual({ bucket: '0:8000', score: 0 }); // top bit: other key
    expect(probeSlots('0123456789abcdef', bandWidths(2), 0)).toEqual(storeSlots('0123456789abcdef', bandWidths(2)));
  });
});
