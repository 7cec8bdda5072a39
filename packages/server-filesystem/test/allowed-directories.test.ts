import { connectClient } from '@infra-mcp/core/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFilesystemServer } from '../src/index.js';

describe('list_allowed_directories', () => {
  it('names every root and whether it is read-only', async () => {
    const rw = mkdtempSync(join(tmpdir(), 'fs-rw-'));
    const ro = mkdtempSync(join(tmpdir(), 'fs-ro-'));
    const server = createFilesystemServer({
      roots: [
        { path: rw, readOnly: false },
        { path: ro, readOnly: true },
      ],
    });
    await using session = await connectClient(server);
    const result = await session.client.callTool({ name: 'list_allowed_directories', arguments: {} });
    expect(result.structuredContent).toEqual({
      directories: [
        { path: rw, readOnly: false },
        { path: ro, readOnly: true },
      ],
    });
  });
});
