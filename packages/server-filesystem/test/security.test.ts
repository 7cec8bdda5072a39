import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PathMode } from '../src/index.js';
import { connect, createWorld, type Harness, type World } from './fixture.js';

/**
 * Asserts a result says nothing about the outside: not its content, names,
 * or path. An error may echo the path the caller asked for (`asked`), which
 * tells the caller nothing it did not already say.
 */
function expectNoLeak(world: World, rawResult: string, asked: readonly string[] = []): void {
  let raw = rawResult;
  for (const path of asked) raw = raw.replaceAll(resolve(world.root, path), '<asked>');
  expect(raw).not.toContain(world.secret);
  expect(raw).not.toContain('secret.txt');
  expect(raw).not.toContain('deep.txt');
  expect(raw).not.toContain(world.outside);
}

async function serve(world: World, pathMode?: PathMode, extra: { readOnly?: boolean } = {}): Promise<Harness> {
  return connect({
    roots: [{ path: world.root, readOnly: extra.readOnly ?? false }],
    mode: 'destructive',
    ...(pathMode === undefined ? {} : { pathMode }),
  });
}

describe.each(['proc', 'portable'] as const)('escape attempts (%s path mode)', (pathMode) => {
  it('refuses .. traversal, absolute paths and prefix look-alikes', async () => {
    using world = createWorld();
    const lookalike = `${world.root}-evil`;
    mkdirSync(lookalike);
    writeFileSync(join(lookalike, 'secret.txt'), world.secret);
    await using fs = await serve(world, pathMode);
    for (const path of [
      '../outside/secret.txt',
      `${world.root}/../outside/secret.txt`,
      join(world.outside, 'secret.txt'),
      join(lookalike, 'secret.txt'),
      `${world.root}/sub/../../outside/secret.txt`,
    ]) {
      const result = await fs.call('read_file', { path });
      expect(result.isError, path).toBe(true);
      expect(result.text).toMatch(/^FORBIDDEN/);
      expect(result.raw).not.toContain(world.secret);
    }
  });

  it('refuses a path that escapes the root through a symlink, in any component, without telling whether the target exists', async () => {
    using world = createWorld();
    world.write(world.root, { 'inside.txt': 'inside\n' });
    symlinkSync(world.outside, join(world.root, 'dir-link'));
    symlinkSync(join(world.outside, 'secret.txt'), join(world.root, 'file-link'));
    symlinkSync('../outside', join(world.root, 'relative-link'));
    symlinkSync('file-link', join(world.root, 'chain'));
    await using fs = await serve(world, pathMode);
    const existing = await fs.call('read_file', { path: 'dir-link/secret.txt' });
    const missing = await fs.call('read_file', { path: 'dir-link/no-such-file.txt' });
    expect(existing.isError).toBe(true);
    expect(missing.text).toBe(existing.text.replace('secret.txt', 'no-such-file.txt'));
    for (const path of ['file-link', 'relative-link/secret.txt', 'relative-link/nested/deep.txt', 'chain']) {
      const result = await fs.call('read_file', { path });
      expect(result.isError, path).toBe(true);
      expect(result.text).toContain('leads outside the allowed directories');
      expectNoLeak(world, result.raw, [path]);
    }
  });

  it('lists links as links and never shows where an escaping link leads', async () => {
    using world = createWorld();
    symlinkSync(world.outside, join(world.root, 'dir-link'));
    world.write(world.root, { 'real.txt': 'x\n' });
    symlinkSync('real.txt', join(world.root, 'good-link'));
    await using fs = await serve(world, pathMode);
    const listing = await fs.call('list_directory', { path: '.', sizes: true });
    expect(listing.data.entries).toEqual([
      { name: 'dir-link', type: 'link', mtime: expect.any(String) },
      { name: 'good-link', type: 'link', target: join(world.root, 'real.txt'), mtime: expect.any(String) },
      { name: 'real.txt', type: 'file', size: 2, mtime: expect.any(String) },
    ]);
    expectNoLeak(world, listing.raw);
    for (const [tool, args] of [
      ['list_directory', { path: 'dir-link' }],
      ['directory_tree', { path: 'dir-link' }],
      ['get_file_info', { path: 'dir-link/secret.txt' }],
    ] as const) {
      const result = await fs.call(tool, args);
      expect(result.isError, tool).toBe(true);
      expectNoLeak(world, result.raw, [args.path]);
    }
    const info = await fs.call('get_file_info', { path: 'dir-link' });
    expect(info.data).toMatchObject({ type: 'link' });
    expect(info.data).not.toHaveProperty('target');
    expectNoLeak(world, info.raw);
  });

  it('never descends into links in trees, name searches and content searches', async () => {
    using world = createWorld();
    symlinkSync(world.outside, join(world.root, 'dir-link'));
    world.write(world.root, { 'a.txt': 'nothing here\n' });
    await using fs = await serve(world, pathMode);
    const results = [
      await fs.call('directory_tree', { path: '.', depth: 5 }),
      await fs.call('search_files', { pattern: '*.txt' }),
      await fs.call('grep', { pattern: 'TOP-SECRET' }),
      await fs.call('grep', { pattern: 'deep', gitignore: false }),
    ];
    for (const result of results) {
      expect(result.isError).toBe(false);
      expectNoLeak(world, result.raw);
    }
    expect(results[2]!.data.matches).toEqual([]);
  });

  it('never writes through a pre-placed symlink, in the last component or a parent', async () => {
    using world = createWorld();
    symlinkSync(join(world.outside, 'secret.txt'), join(world.root, 'file-link'));
    symlinkSync(join(world.outside, 'new.txt'), join(world.root, 'dangling-link'));
    symlinkSync(world.outside, join(world.root, 'dir-link'));
    await using fs = await serve(world, pathMode);
    const attempts = [
      ['write_file', { path: 'file-link', content: 'pwned' }],
      ['write_file', { path: 'file-link', content: 'pwned', mode: 'append' }],
      ['write_file', { path: 'dangling-link', content: 'pwned', mode: 'create' }],
      ['write_file', { path: 'dir-link/secret.txt', content: 'pwned' }],
      ['write_file', { path: 'dir-link/fresh/file.txt', content: 'pwned' }],
      ['edit_file', { path: 'file-link', edits: [{ old: 'TOP', new: 'pwned' }] }],
      ['create_directory', { path: 'dir-link/made' }],
      ['copy_file', { source: 'file-link', destination: 'copied.txt' }],
      ['move_file', { source: 'dir-link/secret.txt', destination: 'moved.txt' }],
      ['move_file', { source: join(world.outside, 'secret.txt'), destination: 'moved.txt' }],
      ['delete_file', { path: 'dir-link/secret.txt' }],
      ['delete_file', { path: 'dir-link/nested', recursive: true }],
    ] as const;
    for (const [tool, args] of attempts) {
      const result = await fs.call(tool, args);
      expect(result.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
      expectNoLeak(
        world,
        result.raw,
        Object.values(args).filter((value) => typeof value === 'string'),
      );
    }
    expect(readFileSync(join(world.outside, 'secret.txt'), 'utf8')).toBe(`${world.secret}\n`);
    expect(readdirSync(world.outside).sort()).toEqual(['nested', 'secret.txt']);
    expect(readdirSync(world.root).sort()).toEqual(['dangling-link', 'dir-link', 'file-link']);
  });

  it('deletes and moves a link itself, leaving its outside target alone', async () => {
    using world = createWorld();
    symlinkSync(world.outside, join(world.root, 'dir-link'));
    symlinkSync(join(world.outside, 'secret.txt'), join(world.root, 'file-link'));
    await using fs = await serve(world, pathMode);
    expect((await fs.call('move_file', { source: 'file-link', destination: 'renamed-link' })).isError).toBe(false);
    expect((await fs.call('delete_file', { path: 'dir-link', recursive: true })).isError).toBe(false);
    expect(readdirSync(world.root)).toEqual(['renamed-link']);
    expect(readFileSync(join(world.outside, 'secret.txt'), 'utf8')).toBe(`${world.secret}\n`);
    expect(existsSync(join(world.outside, 'nested/deep.txt'))).toBe(true);
  });

  it('copies a tree without following or keeping links that lead out', async () => {
    using world = createWorld();
    world.write(world.root, { 'tree/a.txt': 'a\n', 'tree/sub/b.txt': 'b\n' });
    symlinkSync(world.outside, join(world.root, 'tree/out-dir'));
    symlinkSync('a.txt', join(world.root, 'tree/in-link'));
    await using fs = await serve(world, pathMode);
    const copied = await fs.call('copy_file', { source: 'tree', destination: 'copy' });
    expect(copied.data).toMatchObject({ files: 2, dirs: 2, links: 1, skipped: 1 });
    expect(readdirSync(join(world.root, 'copy')).sort()).toEqual(['a.txt', 'in-link', 'sub']);
    expectNoLeak(world, copied.raw);
  });
});

describe('hard links', () => {
  it('refuses to read, edit, copy or search a hard-linked file, and says how the operator allows it', async () => {
    using world = createWorld();
    linkSync(join(world.outside, 'secret.txt'), join(world.root, 'hard.txt'));
    await using fs = await serve(world);
    const read = await fs.call('read_file', { path: 'hard.txt' });
    expect(read.isError).toBe(true);
    expect(read.text).toContain('more than one hard link');
    expect(read.text).toContain(`${world.root}:hardlinks`);
    expect(read.text).toContain('allowHardLinks');
    for (const [tool, args] of [
      ['read_multiple_files', { paths: ['hard.txt'] }],
      ['edit_file', { path: 'hard.txt', edits: [{ old: 'TOP', new: 'x' }] }],
      ['write_file', { path: 'hard.txt', content: 'overwritten' }],
      ['write_file', { path: 'hard.txt', content: 'appended', mode: 'append' }],
      ['copy_file', { source: 'hard.txt', destination: 'copy.txt' }],
      ['grep', { pattern: 'TOP-SECRET' }],
      ['get_file_info', { path: 'hard.txt' }],
      ['list_directory', { path: '.', sizes: true }],
    ] as const) {
      const result = await fs.call(tool, args);
      expect(result.raw, tool).not.toContain(world.secret);
    }
    expect(readFileSync(join(world.outside, 'secret.txt'), 'utf8')).toBe(`${world.secret}\n`);
    expect(existsSync(join(world.root, 'copy.txt'))).toBe(false);
    // Size, times and permissions belong to the shared inode: withheld.
    expect((await fs.call('get_file_info', { path: 'hard.txt' })).data).toEqual({
      path: join(world.root, 'hard.txt'),
      type: 'file',
      links: 2,
    });
    expect((await fs.call('list_directory', { path: '.', sizes: true })).data.entries).toEqual([
      { name: 'hard.txt', type: 'file', links: 2 },
    ]);
  });

  it('serves hard-linked files in a root that allows them', async () => {
    using world = createWorld();
    linkSync(join(world.outside, 'secret.txt'), join(world.root, 'hard.txt'));
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true, allowHardLinks: true }] });
    const read = await fs.call('read_file', { path: 'hard.txt' });
    expect(read.data.content).toBe(world.secret);
  });
});

describe('roots and links that stay inside', () => {
  it('serves a root configured through a symlink by either path, follows links inside it and stops link loops', async () => {
    using world = createWorld();
    world.write(world.root, { 'docs/guide.md': '# Guide\n' });
    const alias = join(world.base, 'alias');
    symlinkSync(world.root, alias);
    symlinkSync('docs/guide.md', join(world.root, 'guide-link'));
    symlinkSync('loop-b', join(world.root, 'loop-a'));
    symlinkSync('loop-a', join(world.root, 'loop-b'));
    await using fs = await connect({ roots: [{ path: alias, readOnly: true }] });
    expect((await fs.call('read_file', { path: join(alias, 'docs/guide.md') })).data.content).toBe('# Guide');
    expect((await fs.call('read_file', { path: join(world.root, 'docs/guide.md') })).data.content).toBe('# Guide');
    const viaLink = await fs.call('read_file', { path: 'guide-link' });
    expect(viaLink.data).toMatchObject({ path: join(alias, 'docs/guide.md'), content: '# Guide' });
    expect((await fs.call('read_file', { path: 'loop-a' })).text).toContain('too many levels of symbolic links');
  });
});

describe('special files', () => {
  it('refuses a FIFO without opening it, and searches skip it', async () => {
    using world = createWorld();
    execFileSync('mkfifo', [join(world.root, 'pipe')]);
    await using fs = await serve(world);
    expect((await fs.call('read_file', { path: 'pipe' })).text).toContain('not a regular file (fifo)');
    expect((await fs.call('grep', { pattern: 'x' })).data).toMatchObject({ searched: 0 });
    expect((await fs.call('list_directory', { path: '.' })).data).toMatchObject({ total: 1, other: ['pipe'] });
  });
});

describe('path strings', () => {
  it('refuses NUL bytes, control characters, backslashes, drive letters and over-long paths with a correctable error', async () => {
    using world = createWorld();
    world.write(world.root, { 'a.txt': 'a\n' });
    await using fs = await serve(world);
    for (const path of [
      'a.txt\0.png',
      'a\nb.txt',
      '..\\outside\\secret.txt',
      'C:\\Windows\\win.ini',
      `${'a/'.repeat(2100)}x`,
      'x'.repeat(300),
    ]) {
      const result = await fs.call('read_file', { path });
      expect(result.isError, JSON.stringify(path).slice(0, 40)).toBe(true);
      expect(result.text).toMatch(/^INVALID_INPUT: The path/);
    }
  });
});

describe('read-only roots and the data directory', () => {
  it('refuses every write in a read-only root, also when reached through a link from a writable one', async () => {
    using world = createWorld();
    const writable = join(world.base, 'rw');
    mkdirSync(writable);
    world.write(world.root, { 'config.yaml': 'a: 1\n' });
    symlinkSync(world.root, join(writable, 'to-ro'));
    await using fs = await connect({
      roots: [
        { path: world.root, readOnly: true },
        { path: writable, readOnly: false },
      ],
      mode: 'destructive',
    });
    for (const [tool, args] of [
      ['write_file', { path: join(world.root, 'config.yaml'), content: 'a: 2\n' }],
      ['edit_file', { path: join(writable, 'to-ro/config.yaml'), edits: [{ old: '1', new: '2' }] }],
      ['delete_file', { path: join(world.root, 'config.yaml') }],
      ['create_directory', { path: join(world.root, 'new') }],
      ['move_file', { source: join(world.root, 'config.yaml'), destination: join(writable, 'moved.yaml') }],
      ['copy_file', { source: join(writable, 'to-ro'), destination: join(world.root, 'loop') }],
    ] as const) {
      const result = await fs.call(tool, args);
      expect(result.isError, tool).toBe(true);
      expect(result.text).toContain('read-only');
    }
    expect(readFileSync(join(world.root, 'config.yaml'), 'utf8')).toBe('a: 1\n');
    const preview = await fs.call('edit_file', {
      path: join(world.root, 'config.yaml'),
      edits: [{ old: '1', new: '2' }],
      dry_run: true,
    });
    expect(preview.isError).toBe(false);
  });

  it('never serves the server’s own data directory, even inside a root', async () => {
    using world = createWorld();
    const dataDir = join(world.root, '.local/share/infra-mcp');
    world.write(dataDir, { 'state.db': 'STATE-DB-CONTENT\n' });
    world.write(world.root, { 'visible.txt': 'ok\n' });
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }], dataDir, mode: 'write' });
    const read = await fs.call('read_file', { path: join(dataDir, 'state.db') });
    expect(read.text).toContain('data directory');
    expect((await fs.call('list_directory', { path: join(world.root, '.local/share') })).data).toEqual({
      path: join(world.root, '.local/share'),
      total: 0,
    });
    for (const [tool, args] of [
      ['directory_tree', { path: '.', depth: 6, gitignore: false }],
      ['search_files', { pattern: '*.db', gitignore: false }],
      ['grep', { pattern: 'STATE-DB', gitignore: false }],
    ] as const) {
      const result = await fs.call(tool, args);
      expect(result.raw, tool).not.toContain('state.db');
      expect(result.raw, tool).not.toContain('STATE-DB-CONTENT');
    }
    expect((await fs.call('write_file', { path: join(dataDir, 'evil.txt'), content: 'x' })).isError).toBe(true);
    expect((await fs.call('write_file', { path: join(dataDir, 'sub/evil.txt'), content: 'x' })).text).toContain(
      'data directory',
    );
    expect(readdirSync(dataDir)).toEqual(['state.db']);
    await using admin = await connect({ roots: [{ path: world.root, readOnly: false }], dataDir, mode: 'destructive' });
    expect((await admin.call('delete_file', { path: '.local', recursive: true })).text).toContain('data directory');
    expect((await admin.call('move_file', { source: '.local', destination: 'moved' })).text).toContain(
      'data directory',
    );
    expect(readdirSync(dataDir)).toEqual(['state.db']);
  });
});
