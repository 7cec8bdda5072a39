#!/usr/bin/env node
// The two README commands land here: `npm start` and `npm test`. It needs
// only Node and npm: it fetches the pinned pnpm into .tools/ when the machine
// has none, installs the workspace when the lockfile changed, then runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...rest] = process.argv.slice(2);
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function findPnpm() {
  const local = join(root, '.tools', 'node_modules', '.bin', 'pnpm');
  try {
    if (execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim() === pnpmVersion) return 'pnpm';
  } catch {
    // not on PATH: use the pinned copy below
  }
  if (!existsSync(local)) {
    console.error(`bootstrap: installing pnpm ${pnpmVersion} into .tools/`);
    run('npm', ['install', '--prefix', join(root, '.tools'), '--no-save', '--no-package-lock', `pnpm@${pnpmVersion}`]);
  }
  return local;
}

function run(program, args, options = {}) {
  const result = spawnSync(program, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function installIfStale(pnpm) {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  run(pnpm, ['install', '--frozen-lockfile']);
}

const pnpm = findPnpm();
installIfStale(pnpm);
if (command === 'start') {
  run(pnpm, ['--filter', '@infra-mcp/cli', 'build']);
  run(process.execPath, [join(root, 'apps', 'cli', 'dist', 'infra-mcp.mjs'), 'serve', ...rest]);
} else if (command === 'test') {
  run(pnpm, ['exec', 'prettier', '--check', '.']);
  run(pnpm, ['exec', 'turbo', 'run', 'build', 'lint', 'typecheck', 'test', '--output-logs=errors-only', ...rest]);
} else {
  console.error('bootstrap: usage: node scripts/bootstrap.mjs start|test');
  process.exit(2);
}
