#!/usr/bin/env node
// Bundle sizes (min+gzip) of what a page pays, against the budgets of the chat issue,
// measured on the real script-tag bundle: rollup.config.mjs built in memory (nothing is
// written), as `/sdk/plaza.js` and its chunks are served.
// - shared base: `plaza.js` (bundle-entry.ts) and the chunks it imports statically — Lit,
//   the SDK core, socket.io-client, `<plaza-provider>` and the loader of the other elements;
// - an element's own share: the chunks its dynamic import adds over the base (its code, the
//   SDK capabilities it registers, code it shares with other lazily loaded elements).
// Prints a table; `--check` exits non-zero when a budget is exceeded.
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { rollup } from 'rollup';
import config from '../rollup.config.mjs';

const root = path.resolve(import.meta.dirname, '..');
const BASE_BUDGET = 25_000;
/** Per lazily defined element: the module its loader imports (lazy-elements.ts), and budgets. */
const ELEMENTS = [
  {
    name: 'chat panel',
    module: path.join(root, 'packages/elements/src/chat/chat-panel/chat-panel.ts'),
    share: 15_000,
    page: 40_000,
  },
];

const bundle = await rollup({ ...config, onwarn: () => undefined });
const { output } = await bundle.generate(config.output);
await bundle.close();

const chunks = new Map(output.filter((item) => item.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
const gz = new Map();
for (const [name, chunk] of chunks) {
  if (/\bZodError\b|new Function\(/.test(chunk.code)) throw new Error(`${name} pulls zod or new Function into the browser`);
  gz.set(name, gzipSync(chunk.code, { level: 9 }).length);
}

/** The chunk and every chunk it imports statically, transitively. */
function closure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const imported of chunks.get(name).imports) closure(imported, seen);
  return seen;
}
const sizeOf = (names) => [...names].reduce((sum, name) => sum + gz.get(name), 0);

const base = closure('plaza.js');
const rows = [{ name: 'shared base (plaza.js: Lit + SDK core + socket.io-client + provider + loader)', size: sizeOf(base), budget: BASE_BUDGET }];
for (const element of ELEMENTS) {
  const chunk = [...chunks.values()].find((c) => c.facadeModuleId === element.module);
  if (!chunk) throw new Error(`no chunk for ${element.module}: is it still loaded on demand (lazy-elements.ts)?`);
  const own = sizeOf([...closure(chunk.fileName)].filter((name) => !base.has(name)));
  rows.push({ name: `${element.name}'s own share`, size: own, budget: element.share });
  rows.push({ name: `a page with only the ${element.name}`, size: sizeOf(base) + own, budget: element.page });
}

let within = true;
console.log('| bundle | min+gzip | budget |');
console.log('| --- | --- | --- |');
for (const row of rows) {
  const ok = row.size <= row.budget;
  within &&= ok;
  console.log(`| ${row.name} | ${(row.size / 1000).toFixed(1)} KB | ≤ ${row.budget / 1000} KB ${ok ? 'ok' : 'EXCEEDED'} |`);
}
if (process.argv.includes('--check') && !within) process.exit(1);
