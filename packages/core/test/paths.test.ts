import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCacheDir, defaultDataDir } from '../src/paths.js';

describe.runIf(process.platform === 'linux')('per-user directories on Linux', () => {
  it('follow XDG_DATA_HOME and XDG_CACHE_HOME', () => {
    const env = { XDG_DATA_HOME: '/srv/data', XDG_CACHE_HOME: '/srv/cache' };
    expect(defaultDataDir(env)).toBe('/srv/data/infra-mcp');
    expect(defaultCacheDir(env)).toBe('/srv/cache/infra-mcp');
  });

  it('fall back to ~/.local/share and ~/.cache when the variables are unset or empty', () => {
    for (const env of [{}, { XDG_DATA_HOME: '', XDG_CACHE_HOME: '' }]) {
      expect(defaultDataDir(env)).toBe(join(homedir(), '.local', 'share', 'infra-mcp'));
      expect(defaultCacheDir(env)).toBe(join(homedir(), '.cache', 'infra-mcp'));
    }
  });
});
