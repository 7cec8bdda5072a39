import { ConfigError } from '@infra-mcp/core';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One allowed root: a directory, read-only or writable. */
export interface RootConfig {
  path: string;
  readOnly: boolean;
}

/** Settings of the filesystem server. */
export interface FilesystemConfig {
  roots: RootConfig[];
}

/** Parses `dir` or `dir:ro` arguments into roots; a missing directory is a one-line error. */
export function parseRoots(args: readonly string[]): RootConfig[] {
  return args.map((arg) => {
    const readOnly = arg.endsWith(':ro');
    const path = resolve(readOnly ? arg.slice(0, -3) : arg.replace(/:rw$/, ''));
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw new ConfigError(`directory ${path} does not exist: create it or pass an existing directory`);
    }
    return { path, readOnly };
  });
}

/** Reads the filesystem settings: command-line directories, else `INFRA_MCP_FILESYSTEM_ROOTS`, else (embedded) a workspace folder. */
export function loadFilesystemConfig(input: {
  env: NodeJS.ProcessEnv;
  args: readonly string[];
  dataDir: string;
  embedded: boolean;
}): FilesystemConfig {
  const fromEnv = input.env.INFRA_MCP_FILESYSTEM_ROOTS?.split(',').filter(Boolean) ?? [];
  const args = input.args.length > 0 ? input.args : fromEnv;
  if (args.length > 0) return { roots: parseRoots(args) };
  if (input.embedded) {
    const workspace = join(input.dataDir, 'workspace');
    mkdirSync(workspace, { recursive: true });
    return { roots: [{ path: workspace, readOnly: false }] };
  }
  throw new ConfigError(
    'no directories to serve: pass one or more directories (infra-mcp filesystem ~/projects) or set INFRA_MCP_FILESYSTEM_ROOTS',
  );
}
