import type { ServerModule } from '@infra-mcp/core';
import { createFilesystemServer, loadFilesystemConfig, type FilesystemConfig } from './index.js';

/** How the `infra-mcp` command runs the filesystem server. */
export const filesystemModule: ServerModule<FilesystemConfig> = {
  name: 'filesystem',
  summary: 'Read, search and (when enabled) edit files inside allowed directories.',
  usage: '[dir[:ro|:hardlinks|:ro,hardlinks]…]',
  configure: ({ env, args, section, core, embedded }) =>
    loadFilesystemConfig({ env, args, section, dataDir: core.dataDir, embedded }),
  create: async ({ config, platform }) =>
    createFilesystemServer({
      roots: config.roots,
      ...(config.dataDir === undefined ? {} : { dataDir: config.dataDir }),
      ...platform.serverOptions,
    }),
  exampleArgs: ({ dataDir }) => [`${dataDir}/workspace`],
};
