import type { ServerModule } from '@infra-mcp/core';
import { createFilesystemServer, loadFilesystemConfig, type FilesystemConfig } from './index.js';

/** How the `infra-mcp` command runs the filesystem server. */
export const filesystemModule: ServerModule<FilesystemConfig> = {
  name: 'filesystem',
  summary: 'Read, search and (when enabled) edit files inside allowed directories.',
  usage: '[dir[:ro]…]',
  configure: ({ env, args, core, embedded }) => loadFilesystemConfig({ env, args, dataDir: core.dataDir, embedded }),
  create: async ({ config, platform }) => createFilesystemServer({ roots: config.roots, ...platform.serverOptions }),
  exampleArgs: ({ dataDir }) => [`${dataDir}/workspace`],
};
