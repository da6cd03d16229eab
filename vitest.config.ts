import { defineConfig } from 'vitest/config';

/**
 * Node-side tests: protocol, SDK (against a real server on port 0) and server (each
 * storage test on SQLite and, when it answers, PostgreSQL). Browser tests run under
 * @web/test-runner instead (web-test-runner.config.mjs).
 */
export default defineConfig({
  resolve: { conditions: ['plaza-source'] },
  ssr: { resolve: { conditions: ['plaza-source'] } },
  test: {
    include: ['packages/{protocol,sdk,server}/src/**/*.test.ts', 'tests/{cluster,fault}/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
