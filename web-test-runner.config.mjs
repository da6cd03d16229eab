// Element tests in real Chromium (Debian's /usr/bin/chromium; never a downloaded browser).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

export default {
  files: ['packages/elements/src/**/*.test.ts'],
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
  testFramework: {
    config: { timeout: 5000 },
  },
};
