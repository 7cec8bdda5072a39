import { defineToolFor } from '@infra-mcp/core';
import type { Sandbox } from './guard/sandbox.js';
import type { IgnoreCache } from './io/gitignore.js';

/** What the filesystem tools work with. */
export interface FilesystemDeps {
  /** The guard every path goes through. */
  sandbox: Sandbox;
  /** Parsed `.gitignore` files, cached by directory and mtime. */
  ignores: IgnoreCache;
}

/** `defineTool` for filesystem tools: handlers get {@link FilesystemDeps} in their context. */
export const defineFsTool = defineToolFor<FilesystemDeps>();
