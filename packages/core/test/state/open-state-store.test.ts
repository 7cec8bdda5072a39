import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
