/** Shared start-up of commands: config, logger, runtime, lifecycle. */
import type { Logger } from 'pino';
import { loadConfig, type Config, type Env } from '../config/index.js';
import { createLogger } from '../runtime/logger.js';
import { Lifecycle } from '../runtime/lifecycle.js';
import { createRuntime, type Runtime } from '../runtime/runtime.js';

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
  /** Environment to read (tests pass their own; default process.env). */
  env?: Env;
}

/** A started process: config, logger, runtime and its shutdown path. */
export interface Context {
  config: Config;
  log: Logger;
  rt: Runtime;
  life: Lifecycle;
}

/** Loads config and opens the runtime; the runtime is the first thing registered, so it closes last. */
export async function openContext(opts: GlobalOptions): Promise<Context> {
  const config = loadConfig(opts.config, opts.env);
  const log = createLogger(config.log.level);
  const rt = await createRuntime(config, log);
  const life = new Lifecycle(log, config.workers.shutdownTimeoutMs);
  life.add('runtime', () => rt.close());
  return { config, log, rt, life };
}
