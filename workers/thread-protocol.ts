/** Messages between a process and its pipeline worker threads (structured-clone safe). */
/** What a thread is started with. */
export interface ThreadData {
  configDir: string | undefined;
  env: Record<string, string | undefined>;
  redisUrl: string;
  roles: string[];
  /** Nice value for the thread (0: unchanged). */
  nice: number;
}

/** Parent → thread. */
export type ThreadRequest = { type: 'metrics'; id: number } | { type: 'close' };

/** Thread → parent. */
export type ThreadReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'metrics'; id: number; metrics: object[] }
  | { type: 'closed' };
