/** Public API of the scheduler: when to poll each source next, and why. */
export { nextCheck, seededUnit } from './next-check.js';
export type { ScheduleDecision, ScheduleInput } from './next-check.js';
export { formatDuration } from './duration.js';
export type { PublisherHints } from './hints.js';
