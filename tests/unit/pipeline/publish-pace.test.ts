/** Render pacing: the wait after a render, from its duration and the render share. */
import { describe, expect, it } from 'vitest';
import { MAX_PACE_MS, paceFor } from '../../../src/pipeline/publish-pace.js';

describe('paceFor', () => {
  it('keeps a feed to its share of the time: D × (1 / share − 1)', () => {
    expect(paceFor(200, 0.1)).toBe(1800);
    expect(paceFor(300, 0.5)).toBe(300);
    expect(paceFor(10, 0.25)).toBe(30);
  });

  it('never waits more than a minute, whatever a render took', () => {
    expect(paceFor(20_000, 0.1)).toBe(MAX_PACE_MS);
    expect(MAX_PACE_MS).toBe(60_000);
  });

  it('is off (0) with a share of 1, and for a render of no time', () => {
    expect(paceFor(500, 1)).toBe(0);
    expect(paceFor(0, 0.1)).toBe(0);
    expect(paceFor(Number.NaN, 0.1)).toBe(0);
  });
});
