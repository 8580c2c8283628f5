/** The fetcher's options as the config sets them (one mapping for workers and one-off commands alike). */
import type { Config } from '../config/index.js';
import type { FetcherOptions } from '../fetch/index.js';

/** FetcherOptions from the `fetch` section of the config. */
export function fetcherOptions(f: Config['fetch']): FetcherOptions {
  return {
    timeoutMs: f.timeoutMs,
    maxBytes: f.maxBytes,
    maxRedirects: f.maxRedirects,
    userAgent: f.userAgent,
    allowPrivateNetworks: f.allowPrivateNetworks,
    allow: [...f.allow],
  };
}
