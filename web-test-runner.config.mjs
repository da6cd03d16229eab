// Element tests in real Chromium (Debian's /usr/bin/chromium; never a downloaded browser).
import { mkdirSync, writeFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';

/**
 * Writes `.test-results/browser.json` = `{ passed, failed, skipped }`, which `npm test`
 * (scripts/test.mjs) adds to its one-line total: the runner's own summary shares a line
 * with its progress bar (TOOLCHAIN gotcha 11). A test file that failed to load counts as
 * one failed test, so a broken import can never pass as "0 failed".
 */
function countsReporter(file = '.test-results/browser.json') {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const visit = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) counts.skipped += 1;
          else if (test.passed) counts.passed += 1;
          else counts.failed += 1;
        }
        for (const child of suite.suites) visit(child);
      };
      for (const session of sessions) {
        if (session.testResults) visit(session.testResults);
        if (!session.passed && session.errors.length > 0) counts.failed += 1;
      }
      mkdirSync(file.slice(0, file.lastIndexOf('/')), { recursive: true });
      writeFileSync(file, `${JSON.stringify(counts)}\n`);
    },
  };
}

export default {
  files: ['packages/elements/src/**/*.test.ts', 'packages/sdk/src/**/*.browser-test.ts'],
  nodeResolve: {
    // Workspace packages resolve to their TypeScript sources. No 'development' condition:
    // socket.io-parser maps it to a debug build that imports the CommonJS `debug` package.
    exportConditions: ['plaza-source', 'browser'],
    browser: true,
  },
  plugins: [
    // Read raw, without `extends`: this file must hold experimentalDecorators and
    // useDefineForClassFields: false itself (TOOLCHAIN gotcha 8).
    esbuildPlugin({ ts: true, tsconfig: 'packages/elements/tsconfig.json' }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-quic',
        ],
      },
    }),
  ],
  reporters: [defaultReporter(), countsReporter()],
  testFramework: {
    // generous: a loaded CI machine takes seconds to serve a test file's first module graph
    config: { timeout: 20000 },
  },
};
