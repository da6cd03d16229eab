#!/usr/bin/env node
// `npm start`: builds what is stale, then runs the server in demo mode (embedded
// SQLite in ./data, the demo tenant, users and the example portals).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuilt } from './build-if-needed.mjs';

const root = path.resolve(import.meta.dirname, '..');
ensureBuilt({ server: true, bundle: true });

const child = spawn(process.execPath, [path.join(root, 'packages/server/dist/main.js'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { PLAZA_DEMO: '1', PLAZA_LOG_LEVEL: 'warn', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
