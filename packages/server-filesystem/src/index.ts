import { buildServer, type InfraServer, type ServerOptions } from '@infra-mcp/core';
import type { RootConfig } from './config.js';
import type { PathMode } from './guard/dir-handle.js';
import { Sandbox } from './guard/sandbox.js';
import { IgnoreCache } from './io/gitignore.js';
import { copyFileTool } from './tools/copy-file.js';
import { createDirectoryTool } from './tools/create-directory.js';
import { deleteFileTool } from './tools/delete-file.js';
import { directoryTreeTool } from './tools/directory-tree.js';
import { editFileTool } from './tools/edit-file.js';
import { getFileInfoTool } from './tools/get-file-info.js';
import { grepTool } from './tools/grep.js';
import { listAllowedDirectoriesTool } from './tools/list-allowed-directories.js';
import { listDirectoryTool } from './tools/list-directory.js';
import { moveFileTool } from './tools/move-file.js';
import { readFileTool } from './tools/read-file.js';
import { readMultipleFilesTool } from './tools/read-multiple-files.js';
import { searchFilesTool } from './tools/search-files.js';
import { writeFileTool } from './tools/write-file.js';

export {
  loadFilesystemConfig,
  parseRoots,
  parseRootArgument,
  splitRootList,
  type FilesystemConfig,
  type RootConfig,
} from './config.js';
export type { FilesystemDeps } from './deps.js';
export type { PathMode } from './guard/dir-handle.js';

/** Every filesystem tool; the server mode decides which are listed. */
export const filesystemTools = [
  readFileTool,
  readMultipleFilesTool,
  listDirectoryTool,
  directoryTreeTool,
  searchFilesTool,
  grepTool,
  getFileInfoTool,
  listAllowedDirectoriesTool,
  writeFileTool,
  editFileTool,
  createDirectoryTool,
  moveFileTool,
  copyFileTool,
  deleteFileTool,
];

/** Options for {@link createFilesystemServer}. */
export interface CreateFilesystemServerOptions extends ServerOptions {
  roots: readonly RootConfig[];
  /** The server's own data directory: never served, even when a root contains it. */
  dataDir?: string;
  /** Force the portable path mode instead of `/proc/self/fd` (for tests of that mode). */
  pathMode?: PathMode;
}

const instructions =
  'Paths are absolute or relative to the first allowed directory. Use search_files to find files by name, grep to search contents, read_file with offset/limit for large files, edit_file for changes (exact text, dry_run to preview).';

/** Builds the filesystem server over the given roots. Does no I/O. */
export function createFilesystemServer({
  roots,
  dataDir,
  pathMode,
  ...options
}: CreateFilesystemServerOptions): InfraServer {
  const sandbox = new Sandbox({
    roots,
    ...(dataDir === undefined ? {} : { protectedPaths: [dataDir] }),
    ...(pathMode === undefined ? {} : { pathMode }),
  });
  return buildServer(
    {
      name: 'filesystem',
      version: '0.1.0',
      title: 'Filesystem',
      instructions,
      tools: filesystemTools,
      deps: { sandbox, ignores: new IgnoreCache() },
    },
    options,
  );
}
