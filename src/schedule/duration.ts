/** Durations as operators read them in a schedule's reason ("45s", "60m", "6h", "3d"). */

/** One second, minute, hour, day and week in milliseconds. */
export const SECOND = 1_000;
/** One minute in milliseconds. */
export const MINUTE = 60 * SECOND;
/** One hour in milliseconds. */
export const HOUR = 60 * MINUTE;
/** One day in milliseconds. */
export const DAY = 24 * HOUR;
/** One week in milliseconds. */
export const WEEK = 7 * DAY;

/** A short human duration: whole seconds below 2 min, minutes below 2 h, hours below 2 d, else days. */
export function formatDuration(ms: number): string {
  if (ms < 2 * MINUTE) return `${Math.round(ms / SECOND)}s`;
  if (ms < 2 * HOUR) return `${Math.round(ms / MINUTE)}m`;
  if (ms < 2 * DAY) return `${Math.round(ms / HOUR)}h`;
  return `${Math.round(ms / DAY)}d`;
}
