// The script-tag bundle the server serves at /sdk/: `plaza.js` (bundle-entry.ts) defines
// <plaza-provider> at once and every other element when it first appears in the page, from
// chunks (lazy-elements.ts) with content-hashed names for long cache lifetimes.
// `npm run size` measures this build against the size budgets.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

const root = path.dirname(fileURLToPath(import.meta.url));
const protocolSources = path.join(root, 'packages/protocol/src') + path.sep;

/** @type {import('rollup').RollupOptions} */
export default {
  input: { plaza: 'packages/elements/src/bundle-entry.ts' },
  output: {
    dir: 'packages/server/public/sdk',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    sourcemap: true,
  },
  treeshake: {
    // @plaza/protocol's modules only declare things (schemas, constants), but rollup cannot
    // tell that a top-level `z.object(...)` call is pure. Without this, importing PlazaError
    // through the protocol's index would pull in its zod schemas and zod itself, and zod
    // probes `new Function`, which strict-CSP pages report.
    moduleSideEffects: (id, external) => !external && !id.startsWith(protocolSources),
  },
  plugins: [
    nodeResolve({
      browser: true,
      exportConditions: ['plaza-source', 'browser', 'module', 'import', 'default'],
    }),
    // TypeScript rather than esbuild: it only resolves our own .ts sources (declaration files
    // are left to node-resolve), so engine.io-client's `browser` field keeps Node's `ws` out.
    typescript({
      tsconfig: 'packages/elements/tsconfig.json',
      compilerOptions: {
        // The plugin emits ES modules for rollup; NodeNext would insist on its own module kind.
        module: 'esnext',
        moduleResolution: 'bundler',
        declaration: false,
        declarationMap: false,
        sourceMap: true,
      },
      // Tests are type-checked by `tsc -p packages/elements`, not built.
      exclude: ['**/*.test.ts', '**/test-support/**'],
    }),
    terser({ format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    // zod is parsed (the protocol's index re-exports its schemas) and then tree-shaken away;
    // its comment placement and internal import cycle are not ours to act on.
    const inDependency = (warning.id ?? warning.ids?.[0] ?? '').includes('/node_modules/');
    if (inDependency && ['INVALID_ANNOTATION', 'CIRCULAR_DEPENDENCY', 'THIS_IS_UNDEFINED'].includes(warning.code)) {
      return;
    }
    warn(warning);
  },
};
