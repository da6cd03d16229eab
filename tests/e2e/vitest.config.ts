import { defineConfig } from 'vitest/config';

/** End-to-end tests: a real demo server and Debian's Chromium driven by playwright-core. */
export default defineConfig({
  resolve: { conditions: ['plaza-source'] },
  ssr: { resolve: { conditions: ['plaza-source'] } },
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
