import type { RootConfig } from './config.js';

/** What the filesystem tools work with. */
export interface FilesystemDeps {
  roots: readonly RootConfig[];
}
