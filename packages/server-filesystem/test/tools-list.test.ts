import { openStateStore, silentLogger } from '@infra-mcp/core';
import { connectClient } from '@infra-mcp/core/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFilesystemServer } from '../src/index.js';

// The JSON size of the tools/list result of @modelcontextprotocol/server-filesystem 2026.8.31 (14 tools).
const referenceListBytes = 12_983;
const root = mkdtempSync(join(tmpdir(), 'fs-list-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function listTools(mode: 'read-only' | 'write' | 'destructive') {
  // With a state store, as the infra-mcp command runs it: core adds the notes and history tools.
  const state = await openStateStore({
    dataDir: mkdtempSync(join(tmpdir(), 'fs-list-state-')),
    log: silentLogger,
    sweepIntervalMs: 0,
  });
  try {
    const server = createFilesystemServer({ roots: [{ path: root, readOnly: false }], mode, state });
    await using session = await connectClient(server);
    return await session.client.listTools();
  } finally {
    await state.close();
  }
}

describe('tools/list', () => {
  it('lists only reading tools in read-only mode, adds writes in write mode and delete in destructive mode', async () => {
    const names = async (mode: 'read-only' | 'write' | 'destructive') =>
      (await listTools(mode)).tools.map((tool) => tool.name).sort();
    const reading = [
      'directory_tree',
      'forget_note',
      'get_file_info',
      'grep',
      'list_allowed_directories',
      'list_directory',
      'list_history',
      'list_notes',
      'read_file',
      'recall_note',
      'read_multiple_files',
      'remember_note',
      'search_files',
    ];
    const writing = ['copy_file', 'create_directory', 'edit_file', 'move_file', 'write_file'];
    expect(await names('read-only')).toEqual([...reading].sort());
    expect(await names('write')).toEqual([...reading, ...writing].sort());
    expect(await names('destructive')).toEqual([...reading, ...writing, 'delete_file'].sort());
  });

  it('offers every capability of the reference server and more in fewer bytes, even with every tool and the notes listed', async () => {
    const result = await listTools('destructive');
    const bytes = Buffer.byteLength(JSON.stringify(result));
    if (process.env.SHOW_SIZES) {
      for (const tool of result.tools) {
        console.log(
          tool.name,
          Buffer.byteLength(JSON.stringify(tool)),
          JSON.stringify(tool.inputSchema).length,
          JSON.stringify(tool.outputSchema).length,
          tool.description?.length,
        );
      }
      console.log('total', bytes);
    }
    expect(result.tools.length).toBeGreaterThan(14);
    expect(bytes).toBeLessThanOrEqual(referenceListBytes);
  });
});
