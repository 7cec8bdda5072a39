import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWindow } from '../src/io/read-window.js';
import { connect, createWorld } from './fixture.js';

const numbered = (count: number) => Array.from({ length: count }, (_, index) => `line ${index + 1}`).join('\n') + '\n';
// A 1x1 transparent PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('read_file', () => {
  it('reads a whole file, a line window and the tail, saying which lines of how many', async () => {
    using world = createWorld();
    world.write(world.root, { 'log.txt': numbered(10) });
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }] });
    expect((await fs.call('read_file', { path: 'log.txt' })).data).toMatchObject({ start: 1, end: 10, total: 10 });
    const window = await fs.call('read_file', { path: 'log.txt', offset: 4, limit: 3 });
    expect(window.data).toMatchObject({ start: 4, end: 6, total: 10, content: 'line 4\nline 5\nline 6' });
    const tail = await fs.call('read_file', { path: 'log.txt', tail: 2 });
    expect(tail.data).toMatchObject({ start: 9, end: 10, total: 10, content: 'line 9\nline 10' });
    const head = await fs.call('read_file', { path: 'log.txt', limit: 1 });
    expect(head.data.content).toBe('line 1');
    expect((await fs.call('read_file', { path: 'log.txt', offset: 50 })).text).toContain('has 10 lines');
    expect((await fs.call('read_file', { path: 'log.txt', tail: 2, offset: 3 })).isError).toBe(true);
  });

  it('cuts a read at the byte budget and says exactly how to continue, losing no line', async () => {
    using world = createWorld();
    world.write(world.root, { 'big.txt': numbered(5000) });
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }], maxOutputBytes: 4096 });
    const seen: string[] = [];
    let args: Record<string, unknown> | undefined = { path: 'big.txt' };
    for (let page = 0; args !== undefined && page < 100; page++) {
      const result = await fs.call('read_file', args);
      expect(Buffer.byteLength(result.raw)).toBeLessThan(4096 * 2 + 512);
      seen.push(String(result.data.content));
      args = (result.data.truncated as { next?: Record<string, unknown> } | undefined)?.next;
    }
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.join('\n') + '\n').toBe(numbered(5000));
  });

  it('streams a line window from a file far larger than the budget', async () => {
    using world = createWorld();
    const line = 'x'.repeat(99) + '\n';
    writeFileSync(join(world.root, 'huge.log'), line.repeat(300_000) + 'the end\n');
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }] });
    const window = await fs.call('read_file', { path: 'huge.log', offset: 299_999, limit: 3 });
    expect(window.data).toMatchObject({ start: 299_999, end: 300_001, content: `${line}${line}the end` });
    const tail = await fs.call('read_file', { path: 'huge.log', tail: 1 });
    expect(tail.data.content).toBe('the end');
  });

  it('returns the start of a single line longer than the budget and says it was cut', async () => {
    using world = createWorld();
    writeFileSync(join(world.root, 'minified.js'), 'a'.repeat(5 * 1024 * 1024));
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }] });
    const result = await fs.call('read_file', { path: 'minified.js' });
    expect(result.data).toMatchObject({ start: 1, end: 1, total: 1 });
    expect(String(result.data.content).length).toBeGreaterThan(32 * 1024);
    expect(Buffer.byteLength(result.raw)).toBeLessThan(3 * 64 * 1024);
    expect(result.text).toContain('[truncated]');
  });

  it('reads Latin-1, UTF-16 and CRLF files as text and names the encoding', async () => {
    using world = createWorld();
    writeFileSync(join(world.root, 'latin1.txt'), Buffer.from('caf\xe9\n', 'latin1'));
    writeFileSync(
      join(world.root, 'utf16.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hé\nthere\n', 'utf16le')]),
    );
    writeFileSync(join(world.root, 'crlf.txt'), 'a\r\nb\r\n');
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }] });
    expect((await fs.call('read_file', { path: 'latin1.txt' })).data).toMatchObject({
      content: 'café',
      encoding: 'latin1',
    });
    expect((await fs.call('read_file', { path: 'utf16.txt' })).data).toMatchObject({
      content: 'hé\nthere',
      encoding: 'utf16le',
    });
    expect((await fs.call('read_file', { path: 'crlf.txt' })).data).toMatchObject({ content: 'a\nb', eol: 'crlf' });
  });

  it('refuses a line window of a binary file, naming its type', async () => {
    using world = createWorld();
    writeFileSync(join(world.root, 'pixel.dat'), png);
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }] });
    const result = await fs.call('read_file', { path: 'pixel.dat', limit: 5 });
    expect(result.text).toContain('binary (image/png');
    expect(result.text).toContain('no offset, limit or tail');
  });
});

describe('read_file on media', () => {
  it.each(['legacy', 'modern'] as const)(
    'returns an image as an image block with its MIME type from the content (%s era)',
    async (era) => {
      using world = createWorld();
      writeFileSync(join(world.root, 'pixel.jpg'), png);
      await using fs = await connect({ roots: [{ path: world.root, readOnly: true }] }, { era });
      const result = await fs.session.client.callTool({ name: 'read_file', arguments: { path: 'pixel.jpg' } });
      expect(result.content).toContainEqual({ type: 'image', data: png.toString('base64'), mimeType: 'image/png' });
      expect(result.structuredContent).toMatchObject({ mimeType: 'image/png', size: png.length });
      expect(JSON.stringify(result.structuredContent)).not.toContain(png.toString('base64'));
    },
  );

  it('refuses a file too large for the output budget instead of sending it cut', async () => {
    using world = createWorld();
    writeFileSync(join(world.root, 'big.wav'), Buffer.alloc(100_000, 1));
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }] });
    const result = await fs.call('read_file', { path: 'big.wav' });
    expect(result.text).toContain('INFRA_MCP_MAX_OUTPUT_BYTES');
  });
});

describe('read_multiple_files', () => {
  it('reads each file within its share of the budget and reports each failure on its own', async () => {
    using world = createWorld();
    world.write(world.root, { 'a.txt': 'alpha\n', 'b.txt': numbered(3000) });
    await using fs = await connect({ roots: [{ path: world.root, readOnly: true }], maxOutputBytes: 8192 });
    writeFileSync(join(world.root, 'blob.bin'), Buffer.from([0, 1, 2]));
    const result = await fs.call('read_multiple_files', { paths: ['a.txt', 'missing.txt', 'b.txt', 'blob.bin'] });
    const files = result.data.files as Record<string, unknown>[];
    expect(files[0]).toMatchObject({ content: 'alpha', total: 1 });
    expect(files[1]).toMatchObject({ path: 'missing.txt', error: expect.stringMatching(/^NOT_FOUND/) });
    expect(files[2]).toMatchObject({ total: 3000 });
    expect(files[3]).toMatchObject({ path: 'blob.bin', error: expect.stringContaining('binary') });
    expect(result.text).toContain('read_file offset');
  });
});

describe('a read and the call signal', () => {
  const request = (cancel: { readonly signal: AbortSignal }) => ({ maxBytes: 64 * 1024, cancel });

  it('reads a small file without looking at the signal, so the call never makes one', async () => {
    using world = createWorld();
    world.write(world.root, { 'small.txt': 'one\ntwo\n' });
    const fd = openSync(join(world.root, 'small.txt'), 'r');
    try {
      const untouched = {
        get signal(): AbortSignal {
          throw new Error('the signal was looked at');
        },
      };
      await expect(readWindow(fd, 8, request(untouched))).resolves.toMatchObject({ content: 'one\ntwo', total: 2 });
    } finally {
      closeSync(fd);
    }
  });

  it('stops a long read between chunks once the call is aborted', async () => {
    using world = createWorld();
    const size = 20 * 1024 * 1024;
    world.write(world.root, { 'big.log': Buffer.alloc(size, 'line of a large log\n') });
    const fd = openSync(join(world.root, 'big.log'), 'r');
    try {
      const read = readWindow(fd, size, { ...request({ signal: AbortSignal.abort(new Error('cancelled')) }), tail: 5 });
      await expect(read).rejects.toThrow('cancelled');
    } finally {
      closeSync(fd);
    }
  });
});
