// The script-tag bundle the server serves at /sdk/: `plaza.js` (bundle-entry.ts) defines
// <plaza-provider> at once and every other element when it first appears in the page, from
// chunks (lazy-elements.ts) with content-hashed names for long cache lifetimes.
// `npm run size` measures this build against the size budgets.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

const root = path.dirname(fileURLToPath(import.meta.url));
const protocolSources = path.join(root, 'packages/protocol/src') + path.sep;
const ownSources = path.join(root, 'packages') + path.sep;

/**
 * Drops the indentation inside our Lit templates and stylesheets (html``, svg``, css``),
 * which terser leaves alone: a line break already separates what the indentation did, so
 * nothing renders differently, and keeping every line break keeps the source maps' lines.
 * CSS comments go too. `<pre>` and `<textarea>` contents never come from template text.
 */
function trimTemplates() {
  const TAGS = new Set(['html', 'svg', 'css']);
  return {
    name: 'trim-templates',
    transform(code, id) {
      if (!id.startsWith(ownSources) || !/\b(?:html|svg|css)\s*`/.test(code)) return null;
      const edits = [];
      const visit = (node) => {
        if (!node || typeof node.type !== 'string') return;
        if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && TAGS.has(node.tag.name)) {
          for (const quasi of node.quasi.quasis) {
            const raw = code.slice(quasi.start, quasi.end);
            let trimmed = raw.replace(/\n[ \t]+/g, '\n');
            if (node.tag.name === 'css') {
              trimmed = trimmed
                .replace(/\/\*[^]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
                // Only declarations have a colon followed by a space (`.a :hover` has it before).
                .replace(/: +/g, ':')
                .replace(/ *([{,]) */g, '$1');
            }
            if (trimmed !== raw) edits.push([quasi.start, quasi.end, trimmed]);
          }
        }
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) value.forEach(visit);
          else if (value && typeof value === 'object') visit(value);
        }
      };
      visit(this.parse(code));
      let out = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
      // Lines are unchanged, so the TypeScript plugin's source map still holds.
      return { code: out, map: null };
    },
  };
}

/**
 * `/sdk/ticket-form.js`: <plaza-ticket-form> alone, for a marketing page's one script tag.
 * A build of its own rather than a second input of the bundle above: one self-contained
 * file (Lit, the form, its REST calls; no socket.io, no SDK core, no chunks shared with
 * plaza.js to wait for) plus its zh-CN strings on demand, which `npm run size` holds to
 * its own budget. It is written when
 * the bundle above is (`alsoWrite`), with fresh instances of the same plugins.
 */
export function ticketFormBundle() {
  return {
    input: { 'ticket-form': 'packages/elements/src/tickets/ticket-form/ticket-form.ts' },
    // the on-demand parts import from the entry itself, rather than the entry becoming a facade
    preserveEntrySignatures: 'allow-extension',
    // zh-CN strings load on demand, as their own chunk (`ticket-form-zh-CN-<hash>.js`)
    output: { dir: 'packages/server/public/sdk', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'ticket-form-[name]-[hash].js', sourcemap: true },
    treeshake: { moduleSideEffects: (id, external) => !external && !id.startsWith(protocolSources) },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['plaza-source', 'browser', 'module', 'import', 'default'] }),
      typescript({
        tsconfig: 'packages/elements/tsconfig.json',
        compilerOptions: { module: 'esnext', moduleResolution: 'bundler', declaration: false, declarationMap: false, sourceMap: true },
        exclude: ['**/*.test.ts', '**/test-support/**'],
      }),
      trimTemplates(),
      terser({ format: { comments: false }, compress: { passes: 2 } }),
    ],
    onwarn(warning, warn) {
      // as for the bundle below: zod is parsed through the protocol's index, then shaken away
      const inDependency = (warning.id ?? warning.ids?.[0] ?? '').includes('/node_modules/');
      if (!inDependency || !['INVALID_ANNOTATION', 'CIRCULAR_DEPENDENCY', 'THIS_IS_UNDEFINED'].includes(warning.code)) warn(warning);
    },
  };
}

/** Writes another build (`ticketFormBundle`) whenever this one is written: `rollup -c` then makes both. */
function alsoWrite(options) {
  return {
    name: 'also-write',
    async writeBundle() {
      const bundle = await rollup(options());
      try {
        await bundle.write(options().output);
      } finally {
        await bundle.close();
      }
    },
  };
}

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
    trimTemplates(),
    terser({ format: { comments: false }, compress: { passes: 2 } }),
    alsoWrite(ticketFormBundle),
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
