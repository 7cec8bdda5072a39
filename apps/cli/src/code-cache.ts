import { defaultCacheDir } from '@infra-mcp/core/paths';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import type { StdioLaunch } from './commands/run-stdio.js';

// A desktop client starts a stdio server per conversation, and on Node 20 a
// fresh process compiles every module it loads (Node 22.1+ has a compile
// cache for ES modules; Node 20 has none). So each server also has a bundle
// of its own for stdio, `dist/stdio/<server>.<hash>.cjs` (build.mjs), which
// the command compiles here with V8's code cache: the bytecode of the first
// run is kept in the user's cache directory and reused by the next.

/** What a server's stdio bundle exports (src/stdio/entry.ts). */
export type StdioBundleRun = (args: readonly string[], launch: StdioLaunch) => Promise<number>;

/**
 * How the bundle's code was compiled: from the cache (`hit`); from source,
 * to be cached when the process exits (`miss`, or `rejected` when V8 would
 * not take the cached code, as after a Node upgrade); or from source with
 * caching turned off (`off`).
 */
export interface CodeCacheReport {
  state: 'hit' | 'miss' | 'rejected' | 'off';
  bundle: string;
}

/** A loaded stdio bundle. */
export interface StdioBundle {
  run: StdioBundleRun;
  report: CodeCacheReport;
  /**
   * Writes the code cache when the start found none to use; call it at
   * exit, when the script holds bytecode for everything the run compiled,
   * call paths included. Never throws.
   */
  saveCache: () => void;
}

/**
 * Loads the stdio bundle of `server` from beside the CLI, or returns
 * undefined when there is none (another command, running from source). The
 * bundle has no dynamic import(): on Node 20 a script from the code cache
 * loses the callback that serves it, so the build turns them into require
 * calls and checks that none is left. The cache lives in
 * `INFRA_MCP_CACHE_DIR` or the user's cache directory, under `code/`;
 * `NODE_DISABLE_COMPILE_CACHE`, Node's own switch, turns it off. A cache
 * that cannot be read or written only costs a start its compile time.
 */
export function loadStdioBundle(
  server: string | undefined,
  cliPath: string,
  env: NodeJS.ProcessEnv,
): StdioBundle | undefined {
  if (server === undefined || !/^[a-z][a-z0-9-]*$/.test(server)) return undefined;
  const dir = join(dirname(cliPath), 'stdio');
  const bundle = bundleOf(dir, server);
  if (bundle === undefined) return undefined;
  const path = join(dir, bundle);
  const cacheFile = cacheFileOf(env, bundle);
  const cached = cacheFile === undefined ? undefined : readIfPresent(cacheFile);
  // The wrapper is CommonJS's, plus import.meta (build.mjs defines import.meta as __infraImportMeta).
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __infraImportMeta) {"use strict";\n${readFileSync(path, 'utf8')}\n})`,
    {
      filename: path,
      lineOffset: -1,
      ...(cached === undefined ? {} : { cachedData: cached }),
    },
  );
  const state: CodeCacheReport['state'] =
    cacheFile === undefined ? 'off' : cached === undefined ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  const module = { exports: {} as { run?: unknown } };
  const importMeta = { url: pathToFileURL(path).href, resolve: (specifier: string) => import.meta.resolve(specifier) };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    createRequire(path),
    module,
    path,
    dir,
    importMeta,
  );
  const run = module.exports.run;
  if (typeof run !== 'function') throw new Error(`${path} exports no run function: rebuild the CLI`);
  return {
    run: run as StdioBundleRun,
    report: { state, bundle },
    saveCache: () => {
      if (cacheFile !== undefined && state !== 'hit') saveCache(script, cacheFile, server);
    },
  };
}

/** `<server>.<content hash>.cjs` in `dir`, if the build made one. */
function bundleOf(dir: string, server: string): string | undefined {
  try {
    return readdirSync(dir).find((name) => name.startsWith(`${server}.`) && /^[^.]+\.[^.]+\.cjs$/.test(name));
  } catch {
    return undefined;
  }
}

/** The cache file of `bundle` on this Node and CPU; undefined when caching is off. */
function cacheFileOf(env: NodeJS.ProcessEnv, bundle: string): string | undefined {
  if (nonEmpty(env.NODE_DISABLE_COMPILE_CACHE) !== undefined) return undefined;
  const root = nonEmpty(env.INFRA_MCP_CACHE_DIR) ?? defaultCacheDir(env);
  return join(root, 'code', `${bundle}.${runtimeTag()}.v8`);
}

function runtimeTag(): string {
  return `${process.version}-${process.arch}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** A temporary file older than this was left by a process that died while writing it. */
const abandonedMs = 60 * 60 * 1000;

/**
 * Writes the script's code cache atomically, then drops this server's caches
 * of earlier builds and temporary files that no write will finish.
 */
function saveCache(script: vm.Script, file: string, server: string): void {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, file);
    const current = basename(file);
    const suffix = `.${runtimeTag()}.v8`;
    for (const name of readdirSync(dir)) {
      if (name === current || !name.startsWith(`${server}.`)) continue;
      const path = join(dir, name);
      if (name.endsWith(suffix) || (name.endsWith('.tmp') && Date.now() - statSync(path).mtimeMs > abandonedMs))
        rmSync(path, { force: true });
    }
  } catch {
    // Nothing to report on stdout or to the client: the next start compiles from source.
  }
}
