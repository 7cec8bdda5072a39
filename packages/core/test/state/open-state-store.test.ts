import { Database } from '../../src/state/sqlite/driver.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { openStateStore } from '../../src/state/open-state-store.js';
import { dropSchema, schemaUrl, throwawaySchema } from './backends.js';

describe('opening the state store from settings', () => {
  it('keeps state in <dataDir>/state.db when INFRA_MCP_STATE_URL is unset or empty', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'infra-mcp-open-'));
    try {
      for (const url of [undefined, '', '  ']) {
        const store = await openStateStore({ url, dataDir, log: silentLogger });
        expect(store.backend).toBe('sqlite');
        expect(store.location).toBe(join(dataDir, 'state.db'));
        await store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('uses PostgreSQL for a postgres:// URL', async () => {
    const schema = throwawaySchema();
    try {
      const store = await openStateStore({ url: schemaUrl(schema), dataDir: '/nonexistent', log: silentLogger });
      expect(store.backend).toBe('postgres');
      expect(store.location).not.toContain('schema=');
      await store.ping();
      await store.close();
    } finally {
      await dropSchema(schema);
    }
  });

  it('names INFRA_MCP_STATE_URL and the fix for any other URL', async () => {
    for (const url of ['mysql://db/state', 'state.db', 'sqlite:///tmp/x']) {
      const opening = openStateStore({ url, dataDir: '/nonexistent', log: silentLogger });
      await expect(opening).rejects.toThrow(ConfigError);
      await expect(opening).rejects.toThrow(/INFRA_MCP_STATE_URL must start with postgres:\/\//);
    }
  });

  it('sweeps expired notes away on its own while it is open', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'infra-mcp-open-'));
    const store = await openStateStore({ dataDir, log: silentLogger, sweepIntervalMs: 50 });
    try {
      await store.putNote({ namespace: 'fs', owner: 'local', key: 'brief', value: 'v', ttlMs: 1 });
      const raw = new Database(join(dataDir, 'state.db'), { readonly: true });
      let rows = 1;
      for (let attempt = 0; attempt < 100 && rows > 0; attempt++) {
        await sleep(20);
        rows = raw.prepare('SELECT count(*) FROM notes').pluck().get() as number;
      }
      raw.close();
      expect(rows).toBe(0);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
