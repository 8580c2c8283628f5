/** Writes a throwaway config folder for a test. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/index.js';

/** Contents of the config files, as plain objects. */
export interface ConfigFiles {
  settings?: Record<string, unknown>;
  sources?: Record<string, unknown>[];
  feeds?: Record<string, unknown>[];
  rules?: Record<string, unknown>;
  /** Raw text per file name, written as is (for syntax-error tests). */
  raw?: Record<string, string>;
}

/** A config folder on disk, removed by `cleanup`. */
export interface ConfigDir {
  dir: string;
  cleanup(): void;
}

/** Writes feedmill.yaml (politeness relaxed for loopback unless given), sources.yaml, feeds.yaml and rules.yaml into a new temp folder. */
export function writeConfigDir(files: ConfigFiles): ConfigDir {
  const dir = mkdtempSync(join(tmpdir(), 'feedmill-config-'));
  // Every test server is 127.0.0.1: without this, the per-host budget (1 request at a time, 1 s apart) would
  // serialize whole suites. Tests of politeness itself set their own.
  const fetch = (files.settings?.fetch ?? {}) as Record<string, unknown>;
  const settings = { ...files.settings, fetch: { politeness: { spacing: 0, concurrency: 64 }, ...fetch } };
  writeFileSync(join(dir, 'feedmill.yaml'), stringify(settings));
  if (files.sources) writeFileSync(join(dir, 'sources.yaml'), stringify({ sources: files.sources }));
  if (files.feeds) writeFileSync(join(dir, 'feeds.yaml'), stringify({ feeds: files.feeds }));
  if (files.rules) writeFileSync(join(dir, 'rules.yaml'), stringify({ rules: files.rules }));
  for (const [name, text] of Object.entries(files.raw ?? {})) writeFileSync(join(dir, name), text);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The problems a ConfigError thrown by `fn` lists (fails when `fn` does not throw one). */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}
