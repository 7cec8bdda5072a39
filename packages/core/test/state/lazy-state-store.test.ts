import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ToolError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { openStateStore } from '../../src/state/open-state-store.js';

describe('the lazily opened embedded store', () => {
  it('touches no file until it is first used, then works as usual', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lazy-state-'));
    const store = await openStateStore({ dataDir, log: silentLogger, lazy: true, sweepIntervalMs: 0 });
    expect(existsSync(join(dataDir, 'state.db'))).toBe(false);
    await store.putNote({ namespace: 'fs', owner: 'local', key: 'k', value: 'v' });
    expect(existsSync(join(dataDir, 'state.db'))).toBe(true);
    expect((await store.getNote({ namespace: 'fs', owner: 'local', key: 'k' }))?.value).toBe('v');
    await store.close();
  });

  it('answers every use of a corrupt file with the one-line reason, and never replaces the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lazy-state-'));
    writeFileSync(join(dataDir, 'state.db'), 'this is not a database '.repeat(100));
    const store = await openStateStore({ dataDir, log: silentLogger, lazy: true, sweepIntervalMs: 0 });
    const first = store.getNote({ namespace: 'fs', owner: 'local', key: 'k' });
    await expect(first).rejects.toBeInstanceOf(ToolError);
    await expect(first).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      message: expect.stringContaining('state.db'),
    });
    await expect(store.listNotes({ namespace: 'fs', owner: 'local', limit: 5 })).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    await store.close();
  });
});
