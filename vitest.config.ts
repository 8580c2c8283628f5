import { defineConfig } from 'vitest/config';

// Tests run on real Redis: tests/setup/redis.ts finds one (REDIS_URL, 127.0.0.1:6379) or starts a throwaway one.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
