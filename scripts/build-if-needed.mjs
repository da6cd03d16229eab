// Builds what is stale: the TypeScript packages (tsc -b is incremental) and the browser
// bundle served at /sdk/ (rebuilt when any source is newer than plaza.js).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bundle = path.join(root, 'packages/server/public/sdk/plaza.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

export function ensureBuilt({ server = false, bundle: wantBundle = false } = {}) {
  if (server) run('npx', ['tsc', '-b', 'packages/server/tsconfig.build.json']);
  if (!wantBundle) return;
  const sources = Math.max(
    newestSource(path.join(root, 'packages/elements/src')),
    newestSource(path.join(root, 'packages/sdk/src')),
    newestSource(path.join(root, 'packages/protocol/src')),
    statSync(path.join(root, 'rollup.config.mjs')).mtimeMs,
  );
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources) run('npx', ['rollup', '-c', 'rollup.config.mjs']);
}
