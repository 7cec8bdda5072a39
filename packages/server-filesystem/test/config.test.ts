import { ConfigError } from '@infra-mcp/core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFilesystemConfig, parseRootArgument, splitRootList } from '../src/index.js';

const base = mkdtempSync(join(tmpdir(), 'fs-config-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('root arguments', () => {
  it('reads :ro, :rw and :hardlinks suffixes and leaves other colons in the path', () => {
    expect(parseRootArgument('/srv/configs:ro')).toEqual({ path: '/srv/configs', readOnly: true });
    expect(parseRootArgument('/srv/data:rw,hardlinks')).toEqual({
      path: '/srv/data',
      readOnly: false,
      allowHardLinks: true,
    });
    expect(parseRootArgument('/srv/a:b')).toEqual({ path: '/srv/a:b', readOnly: false });
    expect(() => parseRootArgument('/srv:ro,rw')).toThrow(ConfigError);
  });
});

describe('loadFilesystemConfig', () => {
  const input = { env: {}, args: [], dataDir: join(base, 'data'), embedded: false };

  it('takes directories from arguments, then the environment, then the config file section', () => {
    expect(
      loadFilesystemConfig({ ...input, args: [`${base}:ro`], env: { INFRA_MCP_FILESYSTEM_ROOTS: '/nope' } }).roots,
    ).toEqual([{ path: base, readOnly: true }]);
    expect(splitRootList('/a:ro,hardlinks, /b,/c:hardlinks')).toEqual(['/a:ro,hardlinks', '/b', '/c:hardlinks']);
    expect(loadFilesystemConfig({ ...input, env: { INFRA_MCP_FILESYSTEM_ROOTS: `${base}:hardlinks` } }).roots).toEqual([
      { path: base, readOnly: false, allowHardLinks: true },
    ]);
    expect(
      loadFilesystemConfig({ ...input, section: { roots: [{ path: base, readOnly: true, allowHardLinks: true }] } })
        .roots,
    ).toEqual([{ path: base, readOnly: true, allowHardLinks: true }]);
  });

  it('explains a missing directory, a bad config section, and a run with nothing to serve', () => {
    expect(() => loadFilesystemConfig({ ...input, args: [join(base, 'missing')] })).toThrow(/does not exist/);
    expect(() => loadFilesystemConfig({ ...input, section: { roots: [{ path: base, writable: true }] } })).toThrow(
      /servers.filesystem/,
    );
    expect(() => loadFilesystemConfig(input)).toThrow(/INFRA_MCP_FILESYSTEM_ROOTS/);
  });

  it('serves a workspace folder in the data directory when embedded with nothing configured', () => {
    const config = loadFilesystemConfig({ ...input, embedded: true });
    expect(config.roots).toEqual([{ path: join(base, 'data', 'workspace'), readOnly: false }]);
    expect(existsSync(join(base, 'data', 'workspace'))).toBe(true);
  });
});
