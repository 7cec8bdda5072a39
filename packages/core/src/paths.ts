import { homedir } from 'node:os';
import { join } from 'node:path';

// Per-user directories, with no dependency beyond Node: the CLI reads the
// cache directory before it loads anything else (apps/cli/src/code-cache.ts).

/** The per-user data directory (XDG on Linux), where servers keep their own state. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return userDir(env, {
    darwin: ['Library', 'Application Support'],
    windows: '',
    xdg: ['XDG_DATA_HOME', '.local', 'share'],
  });
}

/** The per-user cache directory (XDG on Linux): what can be rebuilt, such as compiled code. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  return userDir(env, {
    darwin: ['Library', 'Caches'],
    windows: 'cache',
    xdg: ['XDG_CACHE_HOME', '.cache'],
  });
}

interface Places {
  /** Under the home directory on macOS. */
  darwin: readonly string[];
  /** Under `%LOCALAPPDATA%\infra-mcp` on Windows ('' for that directory itself). */
  windows: string;
  /** The XDG variable, then its default under the home directory. */
  xdg: readonly [variable: string, ...fallback: string[]];
}

function userDir(env: NodeJS.ProcessEnv, places: Places): string {
  if (process.platform === 'darwin') return join(homedir(), ...places.darwin, 'infra-mcp');
  if (process.platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'infra-mcp', places.windows);
  const [variable, ...fallback] = places.xdg;
  const base = env[variable];
  return join(base !== undefined && base !== '' ? base : join(homedir(), ...fallback), 'infra-mcp');
}
