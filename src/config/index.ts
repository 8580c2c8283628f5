/** Config loading: one frozen, typed Config from YAML files and the environment. */
export { loadConfig, ConfigError, type Env } from './load.js';
export type { Config } from './types.js';
export { parseDuration, parseSize } from './units.js';
