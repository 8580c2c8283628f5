/**
 * WebSub publisher side (W3C WebSub §5 leaves publishing to hubs; the de facto ping every public hub
 * accepts is a form POST `hub.mode=publish&hub.url=<topic>`). One request per topic, retried with
 * exponential backoff on network errors, 429 and 5xx; other 4xx answers are final.
 */

/** A logger with the pino call shape, so this module needs no pino import. */
export interface NotifyLog {
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

/** Retry policy and plumbing of hub pings. */
export interface NotifyOptions {
  /** Tries per topic (default 4). */
  attempts?: number;
  /** Delay before the second try; doubled for each further one (default 500 ms). */
  baseDelayMs?: number;
  /** Deadline of one request (default 5 s). */
  timeoutMs?: number;
  userAgent?: string;
  log?: NotifyLog;
}

/** Pings `hub` about each changed topic; resolves to the topics the hub acknowledged (never throws). */
export type HubNotifier = (hub: string, topics: readonly string[], opts?: NotifyOptions) => Promise<string[]>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pingOnce(hub: string, topic: string, opts: NotifyOptions): Promise<'ok' | 'retry' | 'fail'> {
  try {
    const res = await fetch(hub, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(opts.userAgent ? { 'user-agent': opts.userAgent } : {}),
      },
      body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return 'ok';
    if (res.status === 429 || res.status >= 500) {
      opts.log?.warn({ hub, topic, status: res.status }, 'websub hub answered with an error; will retry');
      return 'retry';
    }
    opts.log?.warn({ hub, topic, status: res.status }, 'websub hub refused the publish ping');
    return 'fail';
  } catch (err) {
    opts.log?.warn({ hub, topic, err: err instanceof Error ? err.message : String(err) }, 'websub hub unreachable; will retry');
    return 'retry';
  }
}

/** The default notifier: POSTs to the hub with retries and backoff. */
export const notifyHub: HubNotifier = async (hub, topics, opts = {}) => {
  const attempts = Math.max(1, opts.attempts ?? 4);
  const base = opts.baseDelayMs ?? 500;
  const done = await Promise.all(
    topics.map(async (topic) => {
      for (let i = 0; i < attempts; i++) {
        if (i > 0) await sleep(base * 2 ** (i - 1));
        const r = await pingOnce(hub, topic, opts);
        if (r === 'ok') return topic;
        if (r === 'fail') return undefined;
      }
      opts.log?.warn({ hub, topic, attempts }, 'websub publish ping gave up');
      return undefined;
    }),
  );
  return done.filter((t): t is string => t !== undefined);
};
