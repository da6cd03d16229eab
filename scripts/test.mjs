#!/usr/bin/env node
// Runs every test suite this machine can run and ends with one plain line,
// "N passed, N failed[, N skipped]", totalled over all suites (the runners' own summary
// lines share a line with progress bars, so CI could not count them).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt } from './build-if-needed.mjs';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, '.test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

/** Each suite writes a JSON summary `{ passed, failed, skipped }` or vitest's JSON report. */
const suites = [
  {
    name: 'node (protocol, sdk, server on SQLite and PostgreSQL)',
    command: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(results, 'node.json')}`],
    report: 'node.json',
  },
  {
    name: 'browser (elements in Chromium)',
    command: ['npx', 'web-test-runner'],
    report: 'browser.json',
  },
  {
    name: 'end to end (demo server + Chromium)',
    command: ['npx', 'vitest', 'run', '--config', 'tests/e2e/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(results, 'e2e.json')}`],
    report: 'e2e.json',
  },
];

function readCounts(file) {
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + (report.numTodoTests ?? 0) };
  }
  return { passed: report.passed, failed: report.failed, skipped: report.skipped ?? 0 };
}

ensureBuilt({ bundle: true });

const only = process.argv.slice(2);
const total = { passed: 0, failed: 0, skipped: 0 };
let broken = false;
for (const suite of suites) {
  if (only.length && !only.some((o) => suite.name.startsWith(o))) continue;
  console.log(`\n=== ${suite.name} ===`);
  const run = spawnSync(suite.command[0], suite.command.slice(1), { cwd: root, stdio: 'inherit', env: process.env });
  const counts = readCounts(path.join(results, suite.report));
  if (!counts) {
    console.log(`${suite.name}: the runner produced no report (exit ${run.status})`);
    broken = true;
    continue;
  }
  if (run.status !== 0 && counts.failed === 0) {
    console.log(`${suite.name}: the runner exited ${run.status} without a failed test`);
    broken = true;
  }
  console.log(`${suite.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}

console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || broken ? 1 : 0);
