/** Public API of the fetch stage: the HTTP client, its address guard and charset decoding. */
export { createFetcher, DEFAULT_ACCEPT, DEFAULT_USER_AGENT } from './fetcher.js';
export type { Fetcher, FetcherOptions, FetchRequest, FetchResponse } from './fetcher.js';
export { decodeText, sniffCharset } from './charset.js';
export { encodingForLabel } from './labels.js';
export { classifyAddress, createGuard } from './guard.js';
export type { AddressGuard, GuardOptions } from './guard.js';
export { parseRetryAfter } from './errors.js';
export { RobotsCache, classifyRobots, robotsFetcher } from './robots.js';
export type { FetchRobots, RobotsCacheOptions, RobotsVerdict } from './robots.js';
export { HostBudget, hostGroup, normalizeHost } from './politeness.js';
export type { HostBudgetOptions, HostLimits, HostSlot, HostBusy } from './politeness.js';
