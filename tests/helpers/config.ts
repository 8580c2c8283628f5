/** Writes a throwaway config folder for a test. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

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

/** Writes feedmill.yaml, sources.yaml, feeds.yaml and rules.yaml into a new temp folder. */
export function writeConfigDir(files: ConfigFiles): ConfigDir {
  const dir = mkdtempSync(join(tmpdir(), 'feedmill-config-'));
  if (files.settings) writeFileSync(join(dir, 'feedmill.yaml'), stringify(files.settings));
  if (files.sources) writeFileSync(join(dir, 'sources.yaml'), stringify({ sources: files.sources }));
  if (files.feeds) writeFileSync(join(dir, 'feeds.yaml'), stringify({ feeds: files.feeds }));
  if (files.rules) writeFileSync(join(dir, 'rules.yaml'), stringify({ rules: files.rules }));
  for (const [name, text] of Object.entries(files.raw ?? {})) writeFileSync(join(dir, name), text);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
