import { chmodSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, createWorld } from './fixture.js';

describe('edit_file', () => {
  it('replaces a unique match, keeps permissions and returns a unified diff', async () => {
    using world = createWorld();
    world.write(world.root, { 'run.sh': '#!/bin/sh\necho one\necho two\n' });
    chmodSync(join(world.root, 'run.sh'), 0o750);
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'write' });
    const result = await fs.call('edit_file', { path: 'run.sh', edits: [{ old: 'echo two', new: 'echo 2' }] });
    expect(result.data.diff).toBe(
      `--- ${join(world.root, 'run.sh')}\n+++ ${join(world.root, 'run.sh')}\n@@ -1,3 +1,3 @@\n #!/bin/sh\n echo one\n-echo two\n+echo 2\n`,
    );
    expect(readFileSync(join(world.root, 'run.sh'), 'utf8')).toBe('#!/bin/sh\necho one\necho 2\n');
    expect(statSync(join(world.root, 'run.sh')).mode & 0o777).toBe(0o750);
    expect(readdirSync(world.root)).toEqual(['run.sh']);
  });

  it('refuses an ambiguous or missing match and applies none of the edits', async () => {
    using world = createWorld();
    world.write(world.root, { 'a.txt': 'x = 1\nx = 1\n    indented line\n' });
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'write' });
    const ambiguous = await fs.call('edit_file', { path: 'a.txt', edits: [{ old: 'x = 1', new: 'x = 2' }] });
    expect(ambiguous.text).toContain('occurs 2 times');
    expect(ambiguous.text).toContain('expected_replacements: 2');
    const partly = await fs.call('edit_file', {
      path: 'a.txt',
      edits: [
        { old: 'x = 1', new: 'x = 2', expected_replacements: 2 },
        { old: 'x = 2\nx = 2', new: 'x = 3\nx = 3' },
        { old: 'indented  line', new: 'nope' },
      ],
    });
    expect(partly.text).toContain('Edit 3');
    expect(partly.text).toContain('Lines 3–3 match when whitespace is ignored');
    expect(readFileSync(join(world.root, 'a.txt'), 'utf8')).toBe('x = 1\nx = 1\n    indented line\n');
    const all = await fs.call('edit_file', {
      path: 'a.txt',
      edits: [{ old: 'x = 1', new: 'x = 2', expected_replacements: 2 }],
    });
    expect(all.data.replacements).toBe(2);
  });

  it('previews with dry_run without writing; read-only mode does not offer edit_file at all', async () => {
    using world = createWorld();
    world.write(world.root, { 'a.txt': 'old\n' });
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }] });
    expect((await fs.session.client.listTools()).tools.map((tool) => tool.name)).not.toContain('edit_file');
    await using writer = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'write' });
    const preview = await writer.call('edit_file', {
      path: 'a.txt',
      edits: [{ old: 'old', new: 'new' }],
      dry_run: true,
    });
    expect(preview.data).toMatchObject({ dry_run: true, replacements: 1 });
    expect(preview.data.diff).toContain('-old\n+new');
    expect(readFileSync(join(world.root, 'a.txt'), 'utf8')).toBe('old\n');
  });

  it('refuses to overwrite a change made since the caller read the file (if_match by mtime or sha256)', async () => {
    using world = createWorld();
    world.write(world.root, { 'a.txt': 'v1\n' });
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'write' });
    const read = await fs.call('read_file', { path: 'a.txt' });
    writeFileSync(join(world.root, 'a.txt'), 'v2 by someone else\n');
    utimesSync(join(world.root, 'a.txt'), new Date(), new Date(Date.now() + 5000));
    const stale = await fs.call('edit_file', {
      path: 'a.txt',
      edits: [{ old: 'v', new: 'w' }],
      if_match: read.data.mtime,
    });
    expect(stale.text).toMatch(/^CONFLICT/);
    expect(readFileSync(join(world.root, 'a.txt'), 'utf8')).toBe('v2 by someone else\n');
    const hash = createHash('sha256').update('v2 by someone else\n').digest('hex');
    const fresh = await fs.call('edit_file', { path: 'a.txt', edits: [{ old: 'v2', new: 'v3' }], if_match: hash });
    expect(fresh.isError).toBe(false);
    const info = await fs.call('get_file_info', { path: 'a.txt' });
    expect(info.data.sha256).toBe(createHash('sha256').update('v3 by someone else\n').digest('hex'));
  });

  it('keeps CRLF line endings and a UTF-8 byte-order mark', async () => {
    using world = createWorld();
    writeFileSync(join(world.root, 'win.txt'), '\ufeffone\r\ntwo\r\nthree\r\n');
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'write' });
    await fs.call('edit_file', { path: 'win.txt', edits: [{ old: 'one\ntwo', new: 'one\n2\nmore' }] });
    expect(readFileSync(join(world.root, 'win.txt'), 'utf8')).toBe('\ufeffone\r\n2\r\nmore\r\nthree\r\n');
  });
});

describe('write_file', () => {
  it('creates (with parents), refuses to create over an existing file, overwrites and appends', async () => {
    using world = createWorld();
    await using fs = await connect({ roots: [{ path: world.root, readOnly: false }], mode: 'write' });
    const created = await fs.call('write_file', { path: 'new/dir/a.txt', content: 'one\n', mode: 'create' });
    expect(created.data).toMatchObject({ created: true, bytes: 4 });
    expect((await fs.call('write_file', { path: 'new/dir/a.txt', content: 'x', mode: 'create' })).text).toMatch(
      /^CONFLICT/,
    );
    chmodSync(join(world.root, 'new/dir/a.txt'), 0o600);
    await fs.call('write_file', { path: 'new/dir/a.txt', content: 'two\n' });
    await fs.call('write_file', { path: 'new/dir/a.txt', content: 'three\n', mode: 'append' });
    expect(readFileSync(join(world.root, 'new/dir/a.txt'), 'utf8')).toBe('two\nthree\n');
    expect(statSync(join(world.root, 'new/dir/a.txt')).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(world.root, 'new/dir'))).toEqual(['a.txt']);
  });
});
