import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, createWorld } from './fixture.js';

describe('list_directory and get_file_info', () => {
  it('lists names grouped by kind, with sizes sorted by size, and pages a large directory', async () => {
    using world = createWorld();
    world.write(world.root, { 'b.txt': 'bb', 'a.txt': 'a', 'c.txt': 'ccc', 'sub/x': '' });
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }] }, { era: 'modern' });
    const plain = await fs.call('list_directory', { path: '.' });
    expect(plain.data).toEqual({ path: world.root, total: 4, dirs: ['sub'], files: ['a.txt', 'b.txt', 'c.txt'] });
    expect(plain.text).toContain('dirs: sub\nfiles: a.txt, b.txt, c.txt');
    const bySize = await fs.call('list_directory', { path: '.', sort: 'size' });
    expect((bySize.data.entries as { name: string }[]).slice(0, 3).map((entry) => entry.name)).toEqual([
      'sub',
      'c.txt',
      'b.txt',
    ]);
    expect(bySize.data.bytes).toBe(6);
    const many: Record<string, string> = {};
    for (let index = 0; index < 400; index++) many[`many/file-${String(index).padStart(3, '0')}.txt`] = '';
    world.write(world.root, many);
    const names: string[] = [];
    let args: Record<string, unknown> | undefined = { path: 'many' };
    await using small = await connect({ roots: [{ path: world.root, readOnly: true }], maxOutputBytes: 4096 });
    while (args !== undefined) {
      const page = await small.call('list_directory', args);
      names.push(...(page.data.files as string[]));
      args = (page.data.truncated as { next?: Record<string, unknown> } | undefined)?.next;
    }
    expect(names).toEqual(Object.keys(many).map((path) => path.slice('many/'.length)));
  });

  it('describes a file with its MIME type, permissions and hash', async () => {
    using world = createWorld();
    world.write(world.root, { 'conf.json': '{}\n' });
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }] });
    const info = await fs.call('get_file_info', { path: 'conf.json' });
    expect(info.data).toMatchObject({
      type: 'file',
      size: 3,
      permissions: 'rw-r--r--',
      mime: 'application/json',
      binary: false,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});

describe('create, move, copy and delete', () => {
  it('creates directories idempotently', async () => {
    using world = createWorld();
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'write' });
    expect((await fs.call('create_directory', { path: 'a/b/c' })).data).toMatchObject({ created: true });
    expect((await fs.call('create_directory', { path: 'a/b/c' })).data).toMatchObject({ created: false });
    world.write(world.root, { file: 'x' });
    expect((await fs.call('create_directory', { path: 'file' })).text).toMatch(/^CONFLICT/);
  });

  it('moves without replacing; replacing needs destructive mode', async () => {
    using world = createWorld();
    world.write(world.root, { 'a.txt': 'A', 'b.txt': 'B' });
    await using writer = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'write' });
    expect((await writer.call('move_file', { source: 'a.txt', destination: 'b.txt' })).text).toMatch(/^CONFLICT/);
    const overwrite = await writer.call('move_file', { source: 'a.txt', destination: 'b.txt', overwrite: true });
    expect(overwrite.text).toContain('--mode destructive');
    expect(readFileSync(join(world.root, 'b.txt'), 'utf8')).toBe('B');
    await using admin = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'destructive' });
    expect(
      (await admin.call('move_file', { source: 'a.txt', destination: 'b.txt', overwrite: true })).data,
    ).toMatchObject({ replaced: true });
    expect(readdirSync(world.root)).toEqual(['b.txt']);
    expect(readFileSync(join(world.root, 'b.txt'), 'utf8')).toBe('A');
    expect((await admin.call('move_file', { source: 'b.txt', destination: 'deep/er/c.txt' })).isError).toBe(false);
    expect(readFileSync(join(world.root, 'deep/er/c.txt'), 'utf8')).toBe('A');
  });

  it('copies a file or a tree and refuses to copy over an existing entry without overwrite', async () => {
    using world = createWorld();
    world.write(world.root, { 'src/a.txt': 'a', 'src/sub/b.txt': 'b' });
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'write' });
    expect((await fs.call('copy_file', { source: 'src', destination: 'dst' })).data).toMatchObject({
      files: 2,
      dirs: 2,
    });
    expect(readFileSync(join(world.root, 'dst/sub/b.txt'), 'utf8')).toBe('b');
    expect((await fs.call('copy_file', { source: 'src/a.txt', destination: 'dst/a.txt' })).text).toMatch(/^CONFLICT/);
    expect((await fs.call('copy_file', { source: 'src/a.txt', destination: 'one.txt' })).data).toMatchObject({
      files: 1,
    });
    expect(readFileSync(join(world.root, 'one.txt'), 'utf8')).toBe('a');
    expect((await fs.call('copy_file', { source: 'src', destination: 'src/sub/inner' })).text).toContain('into itself');
    expect(readdirSync(join(world.root, 'src/sub'))).toEqual(['b.txt']);
  });

  it('deletes only in destructive mode; a dry run lists what would go; a directory needs recursive', async () => {
    using world = createWorld();
    world.write(world.root, { 'tree/a.txt': 'a', 'tree/sub/b.txt': 'b', 'empty/.keep': '' });
    await using writer = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'write' });
    expect((await writer.session.client.listTools()).tools.map((tool) => tool.name)).not.toContain('delete_file');
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'destructive' });
    const preview = await fs.call('delete_file', { path: 'tree', recursive: true, dry_run: true });
    expect(fs.confirmations).toEqual([]);
    expect(preview.data).toMatchObject({
      files: 2,
      dirs: 2,
      dry_run: true,
      paths: ['tree/a.txt', 'tree/sub/', 'tree/sub/b.txt'],
    });
    expect(existsSync(join(world.root, 'tree/sub/b.txt'))).toBe(true);
    expect((await fs.call('delete_file', { path: 'tree' })).text).toContain('recursive: true');
    expect((await fs.call('delete_file', { path: 'tree', recursive: true })).data).toMatchObject({ files: 2, dirs: 2 });
    expect(fs.confirmations.some((prompt) => prompt.includes(`Delete tree and everything inside it`))).toBe(true);
    expect((await fs.call('delete_file', { path: '.', recursive: true })).text).toMatch(/^FORBIDDEN/);
    expect(readdirSync(world.root)).toEqual(['empty']);
  });
});
