/**
 * When to poll a source next, and why. Pure: the same input always gives the same decision.
 *
 * The rules apply in this order; each later one can only lengthen the interval (except jitter):
 *  1. base       — the operator's interval when set explicitly (floored at minIntervalMs), else the adaptive
 *                  interval from the source's own publishing rate (median gap between item dates, slowed when
 *                  the source has gone quiet), else defaultIntervalMs; the adaptive/default base is clamped to
 *                  [minIntervalMs, maxIntervalMs].
 *  2. publisher  — RSS <ttl>, sy:updatePeriod/updateFrequency, Cache-Control max-age / Expires are lower bounds
 *                  (never poll more often than the publisher asks), the largest one binding; a hint above
 *                  maxIntervalMs is cut to it, because maxIntervalMs is the operator's promise of freshness.
 *  3. backoff    — after N consecutive failures: interval × 2^N, capped at maxIntervalMs (or at the interval
 *                  itself when the operator asked for longer). Polling never stops on errors, only slows.
 *  4. retry-after — the server's Retry-After (429/503) is a hard lower bound, even above maxIntervalMs
 *                  (but at most 7 days, so one broken header cannot mute a source for years).
 *  5. jitter     — ± jitter × interval from a random seeded by the source id (deterministic, yet sources
 *                  with equal intervals drift apart); then the floors of 1, 2 and 4 apply again, so jitter never
 *                  polls earlier than the publisher, the server or minIntervalMs allow. It may exceed
 *                  maxIntervalMs slightly on purpose: clamping would put every quiet source back on one tick.
 * A gone source (410) gets no next check at all until an operator acts.
 */
import { adaptiveInterval } from './adaptive.js';
import { DAY, HOUR, formatDuration } from './duration.js';
import type { PublisherHints } from './hints.js';
import { publisherFloor } from './hints.js';

/** Everything the scheduler looks at for one source. */
export interface ScheduleInput extends PublisherHints {
  /** Now, in ms since the epoch. */
  now: number;
  /** Operator-set interval from sources.yaml; overrides the adaptive base when set explicitly. */
  configuredIntervalMs?: number;
  /** Base used when neither an operator interval nor item dates are known (default 1 h). */
  defaultIntervalMs?: number;
  minIntervalMs: number;
  maxIntervalMs: number;
  /** Publish times (ms) of the items in the last fetch. */
  itemDates: number[];
  /** From a 429/503 Retry-After. */
  retryAfterMs?: number;
  consecutiveFailures: number;
  /** 410 Gone: muted until an operator acts. */
  gone?: boolean;
  /** 0..1, default 0.1. */
  jitter?: number;
  sourceId: string;
}

/** When to poll next (undefined: not until an operator acts), the interval, and the rules that set it. */
export interface ScheduleDecision {
  nextCheckAt?: number;
  intervalMs: number;
  /** The rules that set or raised the interval, in the order applied, joined by "; ". */
  reason: string;
}

const MAX_RETRY_AFTER = 7 * DAY;

/** Decides when to poll a source next; see the module comment for the order of the rules. */
export function nextCheck(input: ScheduleInput): ScheduleDecision {
  if (input.gone) return { intervalMs: 0, reason: 'gone (410): muted until an operator acts' };
  const min = positive(input.minIntervalMs) ?? 0;
  const max = Math.max(min, positive(input.maxIntervalMs) ?? min);
  const steps: string[] = [];

  // 1. Base.
  let interval: number;
  const configured = positive(input.configuredIntervalMs);
  if (configured !== undefined) {
    interval = Math.max(configured, min);
    steps.push(`operator interval ${formatDuration(interval)}`);
  } else {
    const adaptive = adaptiveInterval(input.now, input.itemDates);
    const base = adaptive ?? { ms: positive(input.defaultIntervalMs) ?? HOUR, label: 'default interval (no item dates)' };
    interval = clamp(base.ms, min, max);
    steps.push(base.label);
  }
  const ceiling = Math.max(max, interval);

  // 2. Publisher hints: lower bounds, cut at the ceiling.
  const hint = publisherFloor(input.now, input);
  const publisherMs = hint === undefined ? 0 : Math.min(hint.ms, ceiling);
  if (hint !== undefined && publisherMs > interval) {
    interval = publisherMs;
    steps.push(hint.label);
  }

  // 3. Exponential backoff on errors (2^30 already exceeds any sane ceiling; also keeps the number finite).
  const failures = Math.max(0, Math.floor(input.consecutiveFailures || 0));
  if (failures > 0) {
    interval = Math.max(interval, Math.min(interval * 2 ** Math.min(failures, 30), ceiling));
    steps.push(`backoff after ${failures} failure${failures === 1 ? '' : 's'}`);
  }

  // 4. Retry-After: a hard lower bound.
  const retryAfter = Math.min(positive(input.retryAfterMs) ?? 0, MAX_RETRY_AFTER);
  if (retryAfter > interval) {
    interval = retryAfter;
    steps.push(`retry-after ${formatDuration(retryAfter)}`);
  }

  // 5. Jitter, then the floors again.
  const spread = clamp(typeof input.jitter === 'number' && Number.isFinite(input.jitter) ? input.jitter : 0.1, 0, 1);
  const jittered = interval * (1 + spread * (2 * seededUnit(input.sourceId) - 1));
  const intervalMs = Math.round(Math.max(jittered, min, publisherMs, retryAfter));
  return { nextCheckAt: input.now + intervalMs, intervalMs, reason: steps.join('; ') };
}

/** A number in [0, 1) derived from the source id (FNV-1a 32-bit): stable across runs and processes. */
export function seededUnit(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // One xorshift round: FNV's low bits are weak for short, similar ids ("src-1", "src-2").
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 0x1_0000_0000;
}

function positive(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : undefined;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}
