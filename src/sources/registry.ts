/**
 * The source registry: every source an instance crawls, in one Redis hash (`<prefix>:src`, id → JSON), so a source added
 * at run time (CLI, API, console) is seen by every running worker without a restart. sources.yaml is synced into it at
 * start (`syncFromConfig`); for the ids this process's config names, the config's definition wins on every read too, so a
 * process that never synced (a test instance, `serve` alone) still sees its configured sources.
 */
import type { Redis } from 'ioredis';
import type { Source } from '../model/source.js';
import { storeKeys } from '../store/keys.js';

/** Where a source's definition comes from: sources.yaml, or an operator at run time. */
export type SourceOrigin = 'config' | 'runtime';

/** A source as the registry holds it: the definition plus who owns it, whether it is paused and since when it exists. */
export interface RegisteredSource extends Source {
  origin: SourceOrigin;
  /** Paused: no scheduled fetches (an operator's crawl-now still runs). */
  paused: boolean;
  /** ISO time the source entered the registry. */
  addedAt: string;
}

/** What one config sync changed (ids). */
export interface SyncResult {
  added: string[];
  updated: string[];
  removed: string[];
}

/** Reads and writes source definitions. */
export class SourceRegistry {
  private readonly key: string;
  private readonly local: ReadonlyMap<string, Source>;

  /** `configSources`: this process's sources.yaml, whose definitions win for the ids they name. */
  constructor(
    private readonly redis: Redis,
    prefix: string,
    configSources: readonly Source[] = [],
  ) {
    this.key = storeKeys(prefix).sourceDefs;
    this.local = new Map(configSources.map((s) => [s.id, s]));
  }

  /** One source (one HGET), or undefined when neither the registry nor this process's config has it. */
  async get(id: string): Promise<RegisteredSource | undefined> {
    return this.merge(id, await this.redis.hget(this.key, id));
  }

  /** Several sources, in order (one HMGET). */
  async getMany(ids: readonly string[]): Promise<(RegisteredSource | undefined)[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(this.key, ...ids);
    return ids.map((id, i) => this.merge(id, raws[i] ?? null));
  }

  /** Every source, sorted by id (one HGETALL). */
  async list(): Promise<RegisteredSource[]> {
    const all = await this.redis.hgetall(this.key);
    const ids = new Set([...Object.keys(all), ...this.local.keys()]);
    return [...ids]
      .sort()
      .map((id) => this.merge(id, all[id] ?? null))
      .filter((s): s is RegisteredSource => s !== undefined);
  }

  /** Writes a source's definition (insert or replace). */
  async put(source: RegisteredSource): Promise<void> {
    await this.redis.hset(this.key, source.id, JSON.stringify(source));
  }

  /** Inserts a source unless its id is taken (HSETNX); false when it was. */
  async insert(source: RegisteredSource): Promise<boolean> {
    if (this.local.has(source.id)) return false;
    return (await this.redis.hsetnx(this.key, source.id, JSON.stringify(source))) === 1;
  }

  /** Deletes a source's definition; false when there was none. */
  async remove(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.key, id)) === 1;
  }

  /**
   * Makes the registry match sources.yaml: its sources are upserted with origin 'config' (config wins over a runtime
   * source of the same id; paused and addedAt are kept), and sources synced from an earlier config but gone from this one
   * are removed. Runtime sources are kept.
   */
  async syncFromConfig(sources: readonly Source[], now: Date = new Date()): Promise<SyncResult> {
    const stored = await this.redis.hgetall(this.key);
    const result: SyncResult = { added: [], updated: [], removed: [] };
    const tx = this.redis.multi();
    const wanted = new Set(sources.map((s) => s.id));
    for (const s of sources) {
      const prev = parse(stored[s.id]);
      const next: RegisteredSource = { ...s, origin: 'config', paused: prev?.paused ?? false, addedAt: prev?.addedAt ?? now.toISOString() };
      const json = JSON.stringify(next);
      if (!prev) result.added.push(s.id);
      else if (stored[s.id] !== json) result.updated.push(s.id);
      else continue;
      tx.hset(this.key, s.id, json);
    }
    for (const [id, raw] of Object.entries(stored)) {
      if (!wanted.has(id) && parse(raw)?.origin === 'config') {
        result.removed.push(id);
        tx.hdel(this.key, id);
      }
    }
    await tx.exec();
    return result;
  }

  /** The stored entry, with this process's config definition laid over it for the ids the config names. */
  private merge(id: string, raw: string | null): RegisteredSource | undefined {
    const stored = parse(raw ?? undefined);
    const configured = this.local.get(id);
    if (!configured) return stored;
    return { ...configured, origin: 'config', paused: stored?.paused ?? false, addedAt: stored?.addedAt ?? new Date(0).toISOString() };
  }
}

function parse(raw: string | undefined): RegisteredSource | undefined {
  if (!raw) return undefined;
  const s = JSON.parse(raw) as Partial<RegisteredSource>;
  return { categories: [], headers: {}, paused: false, origin: 'runtime', addedAt: new Date(0).toISOString(), ...s } as RegisteredSource;
}
