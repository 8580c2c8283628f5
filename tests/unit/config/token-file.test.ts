/** The operator token read from a file (Docker secrets): FEEDMILL_ADMIN_TOKEN_FILE or server.adminTokenFile; the env var wins. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { problemsOf, writeConfigDir, type ConfigDir } from '../../helpers/config.js';

let cfg: ConfigDir | undefined;
afterEach(() => cfg?.cleanup());

describe('operator token file', () => {
  it('reads FEEDMILL_ADMIN_TOKEN_FILE once, trimmed', () => {
    cfg = writeConfigDir({});
    const file = join(cfg.dir, 'token.secret');
    writeFileSync(file, '  s3cret-from-file\n');
    expect(loadConfig(cfg.dir, { FEEDMILL_ADMIN_TOKEN_FILE: file }).server.adminToken).toBe('s3cret-from-file');
  });

  it('reads server.adminTokenFile relative to the config folder', () => {
    cfg = writeConfigDir({ settings: { server: { adminTokenFile: 'secrets/admin' } }, raw: {} });
    const problems = problemsOf(() => loadConfig(cfg!.dir, {}));
    expect(problems.join('\n')).toContain(`server.adminTokenFile: cannot read the operator token file ${join(cfg.dir, 'secrets/admin')} (ENOENT)`);
    cfg.cleanup();
    cfg = writeConfigDir({ settings: { server: { adminTokenFile: 'admin.token' } }, raw: { 'admin.token': 'from-yaml\n' } });
    expect(loadConfig(cfg.dir, {}).server.adminToken).toBe('from-yaml');
  });

  it('lets FEEDMILL_ADMIN_TOKEN win over both files, and the env file over the yaml one', () => {
    cfg = writeConfigDir({ settings: { server: { adminTokenFile: 'yaml.token' } }, raw: { 'yaml.token': 'yaml', 'env.token': 'env-file' } });
    expect(loadConfig(cfg.dir, { FEEDMILL_ADMIN_TOKEN: 'env' }).server.adminToken).toBe('env');
    expect(loadConfig(cfg.dir, { FEEDMILL_ADMIN_TOKEN_FILE: join(cfg.dir, 'env.token') }).server.adminToken).toBe('env-file');
    expect(loadConfig(cfg.dir, {}).server.adminToken).toBe('yaml');
  });

  it('fails naming the file (never its content) when it is missing or empty', () => {
    cfg = writeConfigDir({ raw: { 'blank.token': ' \n' } });
    const missing = join(cfg.dir, 'nope.token');
    expect(problemsOf(() => loadConfig(cfg!.dir, { FEEDMILL_ADMIN_TOKEN_FILE: missing }))).toEqual([
      `FEEDMILL_ADMIN_TOKEN_FILE: cannot read the operator token file ${missing} (ENOENT)`,
    ]);
    expect(problemsOf(() => loadConfig(cfg!.dir, { FEEDMILL_ADMIN_TOKEN_FILE: join(cfg!.dir, 'blank.token') }))[0]).toMatch(/blank\.token is empty$/);
    // A folder is unreadable as a file too.
    expect(problemsOf(() => loadConfig(cfg!.dir, { FEEDMILL_ADMIN_TOKEN_FILE: cfg!.dir }))[0]).toMatch(/EISDIR/);
  });

  it('leaves the token unset when no variable or file names one', () => {
    cfg = writeConfigDir({});
    expect(loadConfig(cfg.dir, {}).server.adminToken).toBeUndefined();
  });
});
