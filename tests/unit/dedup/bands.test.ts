import { describe, expect, it } from 'vitest';
import { bandValues, bandWidths, probeBuckets, storeBuckets } from '../../../src/dedup/bands.js';

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
