import { buildServer, type InfraServer, type ServerOptions } from '@infra-mcp/core';
import type { RootConfig } from './config.js';
import { listAllowedDirectoriesTool } from './tools/list-allowed-directories.js';

export { loadFilesystemConfig, parseRoots, type FilesystemConfig, type RootConfig } from './config.js';
export type { FilesystemDeps } from './deps.js';

/** Options for {@link createFilesystemServer}. */
export interface CreateFilesystemServerOptions extends ServerOptions {
  roots: readonly RootConfig[];
}

/** Builds the filesystem server over the given roots. Does no I/O. */
export function createFilesystemServer({ roots, ...options }: CreateFilesystemServerOptions): InfraServer {
  return buildServer(
    { name: 'filesystem', version: '0.1.0', title: 'Filesystem', tools: [listAllowedDirectoriesTool], deps: { roots } },
    options,
  );
}
