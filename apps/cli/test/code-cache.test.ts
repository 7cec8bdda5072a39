import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadStdioBundle, type StdioBundle } from '../src/code-cache.js';
import { serverNames } from '../src/registry.js';
import { tempDirPerTest } from './capture.js';

const dir = tempDirPerTest('infra-mcp-code-cache-');
const tag = `${process.version}-${process.arch}`;

interface Ran {
  args: string[];
  url: string;
  file: string;
  strict: boolean;
  joined: string;
}

/**
 * A build with one stdio bundle, `demo.<hash>.cjs`. Its source carries a
 * fresh token, so V8 has never compiled it in this process and must judge
 * the cache file itself.
 */
function build(name = 'demo', hash = 'ABCD1234', body?: string): { cliPath: string; bundle: string } {
  const stdio = join(dir(), 'dist', 'stdio');
  mkdirSync(stdio, { recursive: true });
  const bundle = join(stdio, `${name}.${hash}.cjs`);
  writeFileSync(
    bundle,
    body ??
      `// ${randomUUID()}
const { basename } = require('node:path');
exports.run = async (args) => ({
  args,
  url: __infraImportMeta.url,
  file: basename(__filename),
  strict: (function () { return this; })() === undefined,
  joined: require('node:path').join('a', 'b'),
});\n`,
  );
  return { cliPath: join(dir(), 'dist', 'infra-mcp.mjs'), bundle };
}

async function runOf(bundle: StdioBundle): Promise<Ran> {
  return (await bundle.run(['--mode', 'write'], { env: {}, cliPath: '' })) as unknown as Ran;
}

function cacheEnv(): NodeJS.ProcessEnv {
  return { INFRA_MCP_CACHE_DIR: join(dir(), 'cache') };
}

describe('the stdio bundle loader', () => {
  it('runs the bundle as a strict CommonJS module with its own require and import.meta', async () => {
    const { cliPath, bundle } = build();
    const loaded = loadStdioBundle('demo', cliPath, cacheEnv())!;
    expect(await runOf(loaded)).toEqual({
      args: ['--mode', 'write'],
      url: pathToFileURL(bundle).href,
      file: 'demo.ABCD1234.cjs',
      strict: true,
      joined: join('a', 'b'),
    });
  });

  it('finds no bundle for other commands, odd names or a build without bundles', () => {
    const { cliPath } = build();
    for (const name of [undefined, 'serve', 'dem', '../dist/stdio/demo', 'demo.ABCD1234'])
      expect(loadStdioBundle(name, cliPath, cacheEnv())).toBeUndefined();
    expect(loadStdioBundle('demo', join(dir(), 'elsewhere', 'infra-mcp.mjs'), cacheEnv())).toBeUndefined();
  });

  it('compiles from source the first time, keeps the code privately at exit, and starts from it next time', async () => {
    const { cliPath } = build();
    const first = loadStdioBundle('demo', cliPath, cacheEnv())!;
    expect(first.report).toEqual({ state: 'miss', bundle: 'demo.ABCD1234.cjs' });
    const before = await runOf(first);
    first.saveCache();

    const codeDir = join(dir(), 'cache', 'code');
    const file = join(codeDir, `demo.ABCD1234.cjs.${tag}.v8`);
    expect(readdirSync(codeDir)).toEqual([`demo.ABCD1234.cjs.${tag}.v8`]);
    expect(statSync(codeDir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).size).toBeGreaterThan(0);

    const second = loadStdioBundle('demo', cliPath, cacheEnv())!;
    expect(second.report.state).toBe('hit');
    expect(await runOf(second)).toEqual(before);
    // A start that used the cache leaves it alone.
    const written = statSync(file).mtimeMs;
    second.saveCache();
    expect(statSync(file).mtimeMs).toBe(written);
  });

  it('rejects a cache file V8 cannot use, still runs, and replaces it', async () => {
    const { cliPath } = build();
    const file = join(dir(), 'cache', 'code', `demo.ABCD1234.cjs.${tag}.v8`);
    mkdirSync(join(dir(), 'cache', 'code'), { recursive: true });
    writeFileSync(file, Buffer.from('not a code cache, or one of another build'.repeat(40)));
    const loaded = loadStdioBundle('demo', cliPath, cacheEnv())!;
    expect(loaded.report.state).toBe('rejected');
    expect((await runOf(loaded)).strict).toBe(true);
    loaded.saveCache();
    expect(statSync(file).size).not.toBe(40 * 42);
  });

  it('turns the cache off with NODE_DISABLE_COMPILE_CACHE and writes nothing', async () => {
    const { cliPath } = build();
    const loaded = loadStdioBundle('demo', cliPath, { ...cacheEnv(), NODE_DISABLE_COMPILE_CACHE: '1' })!;
    expect(loaded.report.state).toBe('off');
    expect((await runOf(loaded)).file).toBe('demo.ABCD1234.cjs');
    loaded.saveCache();
    expect(existsSync(join(dir(), 'cache'))).toBe(false);
  });

  it('runs as usual when the cache cannot be written', async () => {
    const { cliPath } = build();
    writeFileSync(join(dir(), 'cache'), 'a file where the cache directory would be');
    const loaded = loadStdioBundle('demo', cliPath, cacheEnv())!;
    expect(loaded.report.state).toBe('miss');
    expect(() => loaded.saveCache()).not.toThrow();
    expect((await runOf(loaded)).joined).toBe(join('a', 'b'));
  });

  it("drops this server's caches of earlier builds on this Node and its abandoned writes, and nothing else", () => {
    const { cliPath } = build();
    const codeDir = join(dir(), 'cache', 'code');
    mkdirSync(codeDir, { recursive: true });
    const kept = [
      `demo.OLD00000.cjs.v18.0.0-${process.arch}.v8`,
      `other.OLD00000.cjs.${tag}.v8`,
      // Another process may be writing this one right now.
      `demo.ABCD1234.cjs.${tag}.v8.4242.tmp`,
      `other.OLD00000.cjs.${tag}.v8.4343.tmp`,
    ];
    const abandoned = `demo.ABCD1234.cjs.${tag}.v8.4141.tmp`;
    for (const name of [`demo.OLD00000.cjs.${tag}.v8`, abandoned, ...kept]) writeFileSync(join(codeDir, name), 'old');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const name of [abandoned, kept[3]!]) utimesSync(join(codeDir, name), twoHoursAgo, twoHoursAgo);
    loadStdioBundle('demo', cliPath, cacheEnv())!.saveCache();
    expect(readdirSync(codeDir).sort()).toEqual([`demo.ABCD1234.cjs.${tag}.v8`, ...kept].sort());
  });

  it('has a bundle entry for every server the command runs (build.mjs builds one per file in src/stdio)', () => {
    const entries = readdirSync(new URL('../src/stdio/', import.meta.url)).filter((name) => name !== 'entry.ts');
    expect(entries.sort()).toEqual(serverNames.map((name) => `${name}.ts`).sort());
  });

  it('loads a vendor bundle when the bundle first requires it, and keeps its code too', async () => {
    const { cliPath } = build(
      'demo',
      'ABCD1234',
      `// ${randomUUID()}
exports.run = async () => require('infra-mcp-vendor:lib').answer + (globalThis.vendorLoads ?? 0);\n`,
    );
    mkdirSync(join(dir(), 'dist', 'stdio', 'vendor'));
    writeFileSync(
      join(dir(), 'dist', 'stdio', 'vendor', 'lib.EFGH5678.cjs'),
      `// ${randomUUID()}
globalThis.vendorLoads = (globalThis.vendorLoads ?? 0) + 1;
exports.answer = 41;\n`,
    );
    const vendorLoads = () => (globalThis as { vendorLoads?: number }).vendorLoads;
    delete (globalThis as { vendorLoads?: number }).vendorLoads;
    const loaded = loadStdioBundle('demo', cliPath, cacheEnv())!;
    expect(vendorLoads()).toBeUndefined();
    expect(await loaded.run([], { env: {}, cliPath: '' })).toBe(42);
    expect(await loaded.run([], { env: {}, cliPath: '' })).toBe(42);
    expect(vendorLoads()).toBe(1);
    loaded.saveCache();
    expect(readdirSync(join(dir(), 'cache', 'code')).sort()).toEqual([
      `demo.ABCD1234.cjs.${tag}.v8`,
      `lib.EFGH5678.cjs.${tag}.v8`,
    ]);
  });

  it('names the vendor bundle a build lacks', async () => {
    const { cliPath } = build('demo', 'ABCD1234', "exports.run = async () => require('infra-mcp-vendor:gone');\n");
    await expect(loadStdioBundle('demo', cliPath, cacheEnv())!.run([], { env: {}, cliPath: '' })).rejects.toThrow(
      'the stdio build has no vendor bundle gone: rebuild the CLI',
    );
  });

  it('names the file when a bundle exports no run function', () => {
    const { cliPath, bundle } = build('demo', 'ABCD1234', 'exports.start = () => 0;\n');
    expect(() => loadStdioBundle('demo', cliPath, cacheEnv())).toThrow(`${bundle} exports no run function`);
  });
});
