/** docker-compose.yml cannot run here (no Docker engine), so its shape is checked: valid YAML and the settings we rely on. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Service {
  command?: string[];
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  it('runs redis with append-only on and noeviction, with a healthcheck', () => {
    const redis = compose.services.redis!;
    const cmd = redis.command!.join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
    expect(redis.healthcheck?.test.join(' ')).toMatch(/redis-cli ping/);
  });

  it('has one feedmill service per role, each with a healthcheck and REDIS_URL', () => {
    const commands = Object.entries(compose.services)
      .filter(([name]) => name !== 'redis')
      .map(([, s]) => {
        expect(s.healthcheck?.test.length).toBeGreaterThan(0);
        expect(s.environment?.REDIS_URL).toBe('redis://redis:6379');
        expect(s.depends_on?.redis?.condition).toBe('service_healthy');
        return s.command!.join(' ');
      });
    expect(commands).toEqual(expect.arrayContaining(['serve', 'worker --roles fetch', 'worker --roles article', 'worker --roles publish']));
  });

  it("checks each worker's own health endpoint on its metrics port, not just Redis", () => {
    const workers = Object.values(compose.services).filter((s) => s.command?.[0] === 'worker');
    expect(workers).toHaveLength(3);
    for (const w of workers) {
      const port = w.environment?.FEEDMILL_METRICS_PORT;
      expect(port).toMatch(/^\d+$/);
      expect(w.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/healthz`);
    }
  });
});
