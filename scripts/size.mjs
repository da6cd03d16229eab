#!/usr/bin/env node
// Bundle sizes (min+gzip) of what a page pays, against the budgets of the chat issue:
// the shared base (Lit + SDK + socket.io-client + provider) and each element's own
// share over it. Built with esbuild from the sources, as a browser would load them.
// Prints a table; `--check` exits non-zero when a budget is exceeded.
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const elements = path.join(root, 'packages/elements/src');

const probes = [
  { name: 'shared base (Lit + SDK + socket.io-client + provider)', imports: ['common/provider/provider.js'], budget: 25_000 },
  { name: 'base + chat panel', imports: ['common/provider/provider.js', 'chat/chat-panel/chat-panel.js'], budget: 40_000 },
];

async function gzippedSize(imports) {
  const result = await build({
    stdin: { contents: imports.map((i) => `import './${i}';`).join('\n'), resolveDir: elements, loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['plaza-source', 'browser'],
    tsconfig: path.join(root, 'packages/elements/tsconfig.json'),
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  if (/\bZodError\b|new Function\(/.test(Buffer.from(code).toString())) throw new Error(`${imports} pulls zod or new Function into the browser`);
  return gzipSync(code, { level: 9 }).length;
}

let within = true;
const sizes = {};
console.log('| bundle | min+gzip | budget |');
console.log('| --- | --- | --- |');
for (const probe of probes) {
  const size = await gzippedSize(probe.imports);
  sizes[probe.name] = size;
  const ok = size <= probe.budget;
  within &&= ok;
  console.log(`| ${probe.name} | ${(size / 1000).toFixed(1)} KB | ≤ ${probe.budget / 1000} KB ${ok ? 'ok' : 'EXCEEDED'} |`);
}
const share = sizes[probes[1].name] - sizes[probes[0].name];
const shareOk = share <= 15_000;
within &&= shareOk;
console.log(`| chat panel's own share | ${(share / 1000).toFixed(1)} KB | ≤ 15 KB ${shareOk ? 'ok' : 'EXCEEDED'} |`);
if (process.argv.includes('--check') && !within) process.exit(1);
