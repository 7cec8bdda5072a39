import type { Client } from '@modelcontextprotocol/client';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connect, createWorld } from './fixture.js';

function withRoots(paths: string[]) {
  return {
    capabilities: { roots: {} },
    prepare: (client: Client) => {
      client.setRequestHandler('roots/list', async () => ({
        roots: paths.map((path) => ({ uri: pathToFileURL(path).href, name: path })),
      }));
    },
  };
}

describe('MCP roots', () => {
  it('narrows access to the client’s roots inside the configured directories', async () => {
    using world = createWorld();
    world.write(world.root, { 'project/src/a.ts': 'a\n', 'other/b.txt': 'b\n' });
    const project = join(world.root, 'project');
    await using fs = await connect(
      { roots: [{ path: world.root, readOnly: false }], mode: 'write' },
      withRoots([project]),
    );
    const allowed = await fs.call('list_allowed_directories');
    expect(allowed.data).toEqual({ directories: [{ path: project, readOnly: false }] });
    expect((await fs.call('read_file', { path: 'src/a.ts' })).data.content).toBe('a');
    const other = await fs.call('read_file', { path: join(world.root, 'other/b.txt') });
    expect(other.text).toMatch(/^FORBIDDEN/);
    const up = await fs.call('read_file', { path: join(project, '../other/b.txt') });
    expect(up.text).toMatch(/^FORBIDDEN/);
  });

  it('follows a client root named through a symlink to where it really is', async () => {
    using world = createWorld();
    world.write(world.root, { 'project/a.txt': 'a\n', 'other/b.txt': 'b\n' });
    const alias = join(world.base, 'workspace-link');
    symlinkSync(join(world.root, 'project'), alias);
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }] }, withRoots([alias]));
    expect((await fs.call('list_allowed_directories')).data).toEqual({
      directories: [{ path: alias, readOnly: false }],
    });
    expect((await fs.call('read_file', { path: 'a.txt' })).data.content).toBe('a');
    expect((await fs.call('read_file', { path: join(world.root, 'other/b.txt') })).text).toMatch(/^FORBIDDEN/);
  });

  it('never widens access: a client root outside the configured directories grants nothing', async () => {
    using world = createWorld();
    world.write(world.root, { 'a.txt': 'a\n' });
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }] }, withRoots([world.outside]));
    expect((await fs.call('list_allowed_directories')).data).toEqual({ directories: [] });
    const secret = await fs.call('read_file', { path: join(world.outside, 'secret.txt') });
    expect(secret.isError).toBe(true);
    expect(secret.raw).not.toContain(world.secret);
    expect((await fs.call('read_file', { path: join(world.root, 'a.txt') })).text).toMatch(/^FORBIDDEN/);
  });

  it('keeps a configured directory that lies inside a client root, with its read-only flag', async () => {
    using world = createWorld();
    mkdirSync(join(world.root, 'sub'));
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }] }, withRoots([world.base]));
    expect((await fs.call('list_allowed_directories')).data).toEqual({
      directories: [{ path: world.root, readOnly: true }],
    });
  });

  it('uses the configured directories for clients without roots, in both protocol eras', async () => {
    using world = createWorld();
    world.write(world.root, { 'a.txt': 'a\n' });
    for (const era of ['legacy', 'modern'] as const) {
      await using fs = await connect({ roots: [{ path: world.root, readOnly: false }] }, { era });
      expect((await fs.call('read_file', { path: 'a.txt' })).data.content).toBe('a');
    }
  });
});
