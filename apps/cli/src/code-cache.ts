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
   * Writes the code cache of each script this run compiled from source (the
   * bundle, and any vendor bundle it loaded); call it at exit, when the
   * scripts hold bytecode for everything the run compiled, call paths
   * included. Never throws.
   */
  saveCache: () => void;
}

/**
 * What a bundle requires under this prefix (build.mjs uses the same) is a
 * vendor bundle of the stdio build, `dist/stdio/vendor/<name>.<hash>.cjs`: a
 * large package the server loads on first use (client-node), kept out of its
 * bundle so that a start neither reads nor compiles it, and compiled with
 * the code cache in turn.
 */
const vendorPrefix = 'infra-mcp-vendor:';

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
  const bundle = buildFileOf(dir, server);
  if (bundle === undefined) return undefined;
  const loaded: CachedScript[] = [];
  const vendors = new Map<string, unknown>();
  const load = (file: string, name: string): CachedScript => {
    const script = runCached(file, cacheFileOf(env, basename(file)), name, requireFor(file));
    loaded.push(script);
    return script;
  };
  const requireFor = (file: string): NodeJS.Require => {
    const nodeRequire = createRequire(file);
    const vendor = (id: string): unknown => {
      const name = id.slice(vendorPrefix.length);
      if (!vendors.has(name)) {
        const found = buildFileOf(join(dir, 'vendor'), name);
        if (found === undefined) throw new Error(`the stdio build has no vendor bundle ${name}: rebuild the CLI`);
        vendors.set(name, load(join(dir, 'vendor', found), name).exports);
      }
      return vendors.get(name);
    };
    return Object.assign(
      (id: string): unknown => (id.startsWith(vendorPrefix) ? vendor(id) : nodeRequire(id)),
      nodeRequire,
    );
  };
  const main = load(join(dir, bundle), server);
  const run = main.exports.run;
  if (typeof run !== 'function') throw new Error(`${join(dir, bundle)} exports no run function: rebuild the CLI`);
  return {
    run: run as StdioBundleRun,
    report: { state: main.state, bundle },
    saveCache: () => {
      for (const script of loaded) script.save();
    },
  };
}

/** A script of the stdio build, run: its exports, how it was compiled, and how to keep its code. */
interface CachedScript {
  exports: Record<string, unknown>;
  state: CodeCacheReport['state'];
  /** Writes the code cache if this run compiled from source; never throws. */
  save: () => void;
}

/** Compiles `file` as a CommonJS module with the code cache in `cacheFile` (if any) and runs it. */
function runCached(file: string, cacheFile: string | undefined, name: string, require: NodeJS.Require): CachedScript {
  const cached = cacheFile === undefined ? undefined : readIfPresent(cacheFile);
  // The wrapper is CommonJS's, plus import.meta (build.mjs defines import.meta as __infraImportMeta).
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __infraImportMeta) {"use strict";\n${readFileSync(file, 'utf8')}\n})`,
    {
      filename: file,
      lineOffset: -1,
      ...(cached === undefined ? {} : { cachedData: cached }),
    },
  );
  const state: CodeCacheReport['state'] =
    cacheFile === undefined ? 'off' : cached === undefined ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  const module = { exports: {} as Record<string, unknown> };
  const importMeta = { url: pathToFileURL(file).href, resolve: (specifier: string) => import.meta.resolve(specifier) };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    require,
    module,
    file,
    dirname(file),
    importMeta,
  );
  return {
    exports: module.exports,
    state,
    save: () => {
      if (cacheFile !== undefined && state !== 'hit') saveCache(script, cacheFile, name);
    },
  };
}

/** `<name>.<content hash>.cjs` in `dir`, if the build made one. */
function buildFileOf(dir: string, name: string): string | undefined {
  try {
    return readdirSync(dir).find((file) => file.startsWith(`${name}.`) && /^[^.]+\.[^.]+\.cjs$/.test(file));
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
 * Writes the script's code cache atomically, then drops the caches of the
 * script's earlier builds and temporary files that no write will finish.
 */
function saveCache(script: vm.Script, file: string, name: string): void {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, file);
    const current = basename(file);
    const suffix = `.${runtimeTag()}.v8`;
    for (const entry of readdirSync(dir)) {
      if (entry === current || !entry.startsWith(`${name}.`)) continue;
      const path = join(dir, entry);
      if (entry.endsWith(suffix) || (entry.endsWith('.tmp') && Date.now() - statSync(path).mtimeMs > abandonedMs))
        rmSync(path, { force: true });
    }
  } catch {
    // Nothing to report on stdout or to the client: the next start compiles from source.
  }
}
