/** A whole feedmill instance in the test process: real Redis (unique prefix), real BullMQ workers, real HTTP on loopback. */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config, type Env } from '../../src/config/index.js';
import type { Role } from '../../src/model/jobs.js';
import { createLogger } from '../../src/runtime/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { buildApp } from '../../src/server/app.js';
import { startRoles, type RunningWorkers } from '../../workers/roles.js';
import { writeConfigDir, type ConfigFiles } from './config.js';
import { deletePrefix, redisUrl, testRedis, uniquePrefix } from './redis.js';

/** A running test instance. */
export interface Instance {
  config: Config;
  configDir: string;
  prefix: string;
  env: Env;
  rt: Runtime;
  workers?: RunningWorkers;
  app?: FastifyInstance;
  /** Base URL of the HTTP server when started with `http: true`. */
  url?: string;
  /** Stops workers, server and runtime, then deletes every key under the prefix. */
  close(): Promise<void>;
}

/** Options of `startInstance`. */
export interface InstanceOptions extends ConfigFiles {
  roles?: Role[];
  http?: boolean;
  env?: Env;
  /** Reuse a prefix (to restart an instance on the same data). */
  prefix?: string;
}

/** Starts an instance; `roles` default to none (drive the pipeline by hand) and `http` to false. */
export async function startInstance(opts: InstanceOptions): Promise<Instance> {
  const prefix = opts.prefix ?? uniquePrefix('inst');
  const cfgDir = writeConfigDir(opts);
  const env: Env = {
    REDIS_URL: redisUrl(),
    FEEDMILL_REDIS_PREFIX: prefix,
    FEEDMILL_ALLOW_PRIVATE_NETWORKS: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    ...opts.env,
  };
  const config = loadConfig(cfgDir.dir, env);
  const rt = await createRuntime(config, createLogger(config.log.level));
  const inst: Instance = {
    config,
    configDir: cfgDir.dir,
    prefix,
    env,
    rt,
    close: async () => {
      await inst.workers?.close();
      await inst.app?.close();
      await rt.close();
      cfgDir.cleanup();
      if (!opts.prefix) {
        const r = testRedis();
        await deletePrefix(r, `${prefix}:`);
        await r.quit();
      }
    },
  };
  if (opts.roles?.length) inst.workers = startRoles(rt, opts.roles);
  if (opts.http) {
    inst.app = buildApp(rt.serverDeps);
    await inst.app.listen({ host: '127.0.0.1', port: 0 });
    inst.url = `http://127.0.0.1:${(inst.app.server.address() as AddressInfo).port}`;
  }
  return inst;
}

/** Polls `check` until it returns true or `timeoutMs` passes (for queue-driven effects, not timing assertions). */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
