#!/usr/bin/env node
// Bundle sizes (min+gzip) of what a page pays, against the budgets of the chat issue,
// measured on the real script-tag bundle: rollup.config.mjs built in memory (nothing is
// written), as `/sdk/plaza.js` and its chunks are served.
// - shared base: `plaza.js` (bundle-entry.ts) and the chunks it imports statically — Lit,
//   the SDK core, socket.io-client, `<plaza-provider>` and the loader of the other elements;
// - an element's own share: the chunks its dynamic import adds over the base (its code, the
//   SDK capabilities it registers, code it shares with other lazily loaded elements);
// - then, without budgets, each part the element itself loads on demand (a thread view, a
//   menu, a language): what its dynamic import adds over the base and the element's share.
// Prints a table; `--check` exits non-zero when a budget is exceeded. `--ci` (run by .ci/run)
// exits non-zero when a row passes its ceiling: the budget itself, or, for a budget not met
// yet, the size it had when CI began to hold it, so an unmet budget can shrink but not grow.
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { rollup } from 'rollup';
import config, { ticketFormBundle } from '../rollup.config.mjs';

const root = path.resolve(import.meta.dirname, '..');
const BASE_BUDGET = 25_000;
/** Per lazily defined element: the module its loader imports (lazy-elements.ts), and budgets. */
const ELEMENTS = [
  {
    name: 'chat panel',
    module: path.join(root, 'packages/elements/src/chat/chat-panel/chat-panel.ts'),
    share: 15_000,
    page: 40_000,
    // Budgets of issue 3 not met yet (the first view is ~33 KB); CI holds this line meanwhile.
    ceiling: { share: 33_550, page: 58_550 },
  },
  {
    name: 'task list',
    module: path.join(root, 'packages/elements/src/tasks/task-list/task-list.ts'),
    share: 12_000,
    page: 37_000,
    // Met at 11.9 KB until the ticket elements came: rollup now splits what they share with
    // the task list (styles, dates, the element base) into six chunks, and six chunks
    // gzipped apart weigh 1 KB more than together. CI holds this line until they are grouped.
    ceiling: { share: 12_650, page: 37_550 },
  },
  {
    name: 'customer portal',
    module: path.join(root, 'packages/elements/src/tickets/customer-portal/customer-portal.ts'),
    share: 15_000,
    page: 40_000,
  },
  {
    name: 'ticket inbox',
    module: path.join(root, 'packages/elements/src/tickets/ticket-inbox/ticket-inbox.ts'),
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
  // A dynamic entry may share its chunk with modules its own lazy parts import from it.
  const chunk = [...chunks.values()].find((c) => c.isDynamicEntry && c.moduleIds.includes(element.module));
  if (!chunk) throw new Error(`no chunk for ${element.module}: is it still loaded on demand (lazy-elements.ts)?`);
  const loaded = new Set([...base, ...closure(chunk.fileName)]);
  const own = sizeOf([...loaded].filter((name) => !base.has(name)));
  rows.push({ name: `${element.name}'s own share`, size: own, budget: element.share, ceiling: element.ceiling?.share });
  rows.push({ name: `a page with only the ${element.name}`, size: sizeOf(base) + own, budget: element.page, ceiling: element.ceiling?.page });
  const parts = new Set([...loaded].filter((name) => !base.has(name)).flatMap((name) => chunks.get(name).dynamicImports));
  for (const part of parts) {
    if (loaded.has(part)) continue;
    const module = path.relative(root, chunks.get(part).facadeModuleId ?? part);
    rows.push({ name: `… then on demand: ${module}`, size: sizeOf([...closure(part)].filter((name) => !loaded.has(name))) });
  }
}

// `/sdk/ticket-form.js` is a build of its own (rollup.config.mjs `ticketFormBundle`): the
// whole entry counts, Lit included, and it must hold no socket.io and no zod; its zh-CN
// strings load on demand, on Chinese pages only.
const TICKET_FORM_BUDGET = 12_000;
{
  const formBuild = await rollup({ ...ticketFormBundle(), onwarn: () => undefined });
  const { output: formOutput } = await formBuild.generate(ticketFormBundle().output);
  await formBuild.close();
  for (const chunk of formOutput.filter((item) => item.type === 'chunk')) {
    if (/\bZodError\b|new Function\(|engine\.io|socket\.io/.test(chunk.code)) throw new Error(`${chunk.fileName} pulls zod, new Function or socket.io in`);
    const size = gzipSync(chunk.code, { level: 9 }).length;
    if (chunk.isEntry) rows.push({ name: '/sdk/ticket-form.js (standalone: Lit + form + REST, no socket.io)', size, budget: TICKET_FORM_BUDGET });
    else rows.push({ name: `… then on demand: ${path.relative(root, chunk.facadeModuleId ?? chunk.fileName)}`, size });
  }
}

let within = true;
let underCeilings = true;
console.log('| bundle | min+gzip | budget | CI ceiling |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) {
  const ok = row.budget === undefined || row.size <= row.budget;
  const ceiling = row.ceiling ?? row.budget;
  const held = ceiling === undefined || row.size <= ceiling;
  within &&= ok;
  underCeilings &&= held;
  const budget = row.budget === undefined ? '—' : `≤ ${row.budget / 1000} KB ${ok ? 'ok' : 'EXCEEDED'}`;
  const line = ceiling === undefined ? '—' : `≤ ${ceiling / 1000} KB ${held ? 'ok' : 'PASSED'}`;
  console.log(`| ${row.name} | ${(row.size / 1000).toFixed(1)} KB | ${budget} | ${line} |`);
}
if (process.argv.includes('--check') && !within) process.exit(1);
if (process.argv.includes('--ci') && !underCeilings) process.exit(1);
