import { createAuditSink, openStateStore, parseRateLimits, silentLogger } from '@infra-mcp/core';
import { connectClient } from '@infra-mcp/core/testing';
import { mkdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFilesystemServer } from '../../server-filesystem/src/index.js';
const root = mkdtempSync(join(tmpdir(), 'prof-'));
mkdirSync(join(root, 'thousand'));
for (let i = 0; i < 1000; i++)
  writeFileSync(join(root, 'thousand', `entry-${String(i).padStart(4, '0')}.txt`), `${i}\n`);
writeFileSync(join(root, 'f4k.txt'), 'x'.repeat(4000) + '\n');
const state = await openStateStore({
  dataDir: mkdtempSync(join(tmpdir(), 'prof-state-')),
  log: silentLogger,
  lazy: true,
  sweepIntervalMs: 0,
});
const server = createFilesystemServer({
  roots: [{ path: root, readOnly: false }],
  mode: 'destructive',
  state,
  audit: createAuditSink(state, silentLogger),
  rateLimits: { rules: parseRateLimits({ default: '1000000/second' }) },
});
const session = await connectClient(server);
const which = process.argv[2] ?? 'list';
const call =
  which === 'list'
    ? () => session.client.callTool({ name: 'list_directory', arguments: { path: join(root, 'thousand') } })
    : () => session.client.callTool({ name: 'read_file', arguments: { path: join(root, 'f4k.txt') } });
for (let i = 0; i < 300; i++) await call();
const t0 = performance.now();
const n = which === 'list' ? 2000 : 20000;
for (let i = 0; i < n; i++) await call();
console.log(which, 'mean ms', ((performance.now() - t0) / n).toFixed(3));
await session.close();
await state.close();
