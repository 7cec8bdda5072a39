import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, createWorld } from './fixture.js';

// Swaps `swap` between a real directory and a symlink to the outside, as fast
// as it can, in another process (so the swaps land between the server's own
// syscalls), holding each state for 0.1 ms, until killed or 30 s have passed.
const swapper = `
const fs = require('node:fs');
const [root] = process.argv.slice(1);
const at = (name) => root + '/' + name;
const hold = () => { const start = process.hrtime.bigint(); while (process.hrtime.bigint() - start < 100000n); };
const stop = Date.now() + 30000;
while (Date.now() < stop) {
  try { fs.renameSync(at('.real'), at('swap')); hold(); fs.renameSync(at('swap'), at('.real')); } catch {}
  try { fs.renameSync(at('.evil'), at('swap')); hold(); fs.renameSync(at('swap'), at('.evil')); } catch {}
}
`;

// Only the proc path mode (Linux) closes this race completely: it reaches every
// entry through an open directory descriptor. The portable mode (no /proc)
// re-checks the directory before and after each use, which narrows the window
// but cannot close it, so it is not held to this test.
describe('a symlink swapped in between check and use', () => {
  const pathMode = 'proc';
  it('never returns a byte from outside and never writes outside while a directory is swapped for a link', async () => {
    using world = createWorld();
    writeFileSync(join(world.outside, 'file.txt'), `${world.secret}\n`);
    mkdirSync(join(world.root, '.real'));
    writeFileSync(join(world.root, '.real/file.txt'), 'inside\n');
    symlinkSync(world.outside, join(world.root, '.evil'));
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'write', pathMode });
    const child = spawn(process.execPath, ['-e', swapper, world.root], { stdio: 'ignore' });
    let served = 0;
    try {
      for (let round = 0; round < 150; round++) {
        const results = await Promise.all([
          fs.call('read_file', { path: 'swap/file.txt' }),
          fs.call('list_directory', { path: 'swap', sizes: true }),
          fs.call('grep', { pattern: 'SECRET|inside', path: 'swap' }),
          fs.call('get_file_info', { path: 'swap/file.txt' }),
          fs.call('read_multiple_files', { paths: ['swap/file.txt', 'swap/secret.txt'] }),
          fs.call('write_file', { path: 'swap/file.txt', content: 'appended\n', mode: 'append' }),
          fs.call('edit_file', { path: 'swap/file.txt', edits: [{ old: 'TOP-SECRET', new: 'x' }] }),
        ]);
        for (const result of results) {
          // Errors may echo the path asked for; nothing else may name what is outside.
          const raw = result.raw.replaceAll('swap/secret.txt', '<asked>');
          expect(raw).not.toContain(world.secret);
          expect(raw).not.toContain('secret.txt');
          expect(raw).not.toContain('nested');
        }
        if (!results[0].isError) served++;
      }
    } finally {
      child.kill();
    }
    expect(served).toBeGreaterThan(0);
    expect(readdirSync(world.outside).sort()).toEqual(['file.txt', 'nested', 'secret.txt']);
    expect(readFileSync(join(world.outside, 'file.txt'), 'utf8')).toBe(`${world.secret}\n`);
  }, 60_000);
});
