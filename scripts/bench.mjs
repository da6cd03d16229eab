#!/usr/bin/env node
// `npm run bench`: runs every tests/bench/*.bench.ts, prints one table with each figure
// beside its same-run baseline, then the bundle sizes against their budgets; exits
// non-zero when a budget is exceeded. `npm run bench -- NAME…` runs only the benchmarks
// named (tests/bench/run.ts lists them) and skips the bundle sizes.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const names = process.argv.slice(2);
const bench = spawnSync(process.execPath, ['--conditions=plaza-source', '--import', 'tsx', 'tests/bench/run.ts', ...names], { cwd: root, stdio: 'inherit' });
if (names.length > 0) process.exit(bench.status ?? 1);
console.log();
const size = spawnSync(process.execPath, ['scripts/size.mjs', '--check'], { cwd: root, stdio: 'inherit' });
process.exit(bench.status || size.status || 0);
