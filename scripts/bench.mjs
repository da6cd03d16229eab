#!/usr/bin/env node
// `npm run bench`: runs every tests/bench/*.bench.ts, prints one table with each figure
// beside its same-run baseline, and exits non-zero when a budget is exceeded.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const result = spawnSync(process.execPath, ['--conditions=plaza-source', '--import', 'tsx', 'tests/bench/run.ts'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
