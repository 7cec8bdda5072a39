import { ConfigError, describeIssues } from '@infra-mcp/core';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod';

/** One allowed root: a directory, read-only or writable, with or without hard-linked files. */
export interface RootConfig {
  path: string;
  readOnly: boolean;
  /** Serve regular files that have more than one hard link (refused by default: the other link may be outside). */
  allowHardLinks?: boolean;
}

/** Settings of the filesystem server. */
export interface FilesystemConfig {
  roots: RootConfig[];
  /** Where infra-mcp keeps its own state; never served, even when a root contains it. */
  dataDir?: string;
}

const flagNames = new Set(['ro', 'rw', 'hardlinks']);

/**
 * Parses one `dir[:flag[,flag]]` argument. Flags: `ro` (read-only), `rw`
 * (writable, the default) and `hardlinks` (serve hard-linked files). A
 * suffix made of anything else is part of the path, so `/srv/a:b` still works.
 */
export function parseRootArgument(arg: string): RootConfig {
  const colon = arg.lastIndexOf(':');
  const flags = colon > 0 ? arg.slice(colon + 1).split(',') : [];
  const known = flags.length > 0 && flags.every((flag) => flagNames.has(flag));
  const path = resolve(known ? arg.slice(0, colon) : arg);
  const set = new Set(known ? flags : []);
  if (set.has('ro') && set.has('rw')) throw new ConfigError(`${arg}: choose either :ro or :rw, not both`);
  return { path, readOnly: set.has('ro'), ...(set.has('hardlinks') ? { allowHardLinks: true } : {}) };
}

/**
 * Splits a comma-separated list of roots, keeping a flag list with its root:
 * `/a:ro,hardlinks,/b` is `/a:ro,hardlinks` and `/b`.
 */
export function splitRootList(value: string): string[] {
  const roots: string[] = [];
  for (const item of value.split(',').map((part) => part.trim())) {
    if (item === '') continue;
    const previous = roots.at(-1);
    if (flagNames.has(item) && previous !== undefined && /:[a-z,]+$/.test(previous))
      roots[roots.length - 1] = `${previous},${item}`;
    else roots.push(item);
  }
  return roots;
}

/** Parses `dir` / `dir:ro` / `dir:ro,hardlinks` arguments into roots; a missing directory is a one-line error. */
export function parseRoots(args: readonly string[]): RootConfig[] {
  return args.map((arg) => checkDirectory(parseRootArgument(arg)));
}

function checkDirectory(root: RootConfig): RootConfig {
  let isDirectory = false;
  try {
    isDirectory = statSync(root.path).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory)
    throw new ConfigError(`directory ${root.path} does not exist: create it or pass an existing directory`);
  return root;
}

const sectionSchema = z
  .object({
    roots: z
      .array(
        z.strictObject({
          path: z.string().min(1),
          readOnly: z.boolean().default(false),
          allowHardLinks: z.boolean().default(false),
        }),
      )
      .optional(),
  })
  .loose();

function rootsFromSection(section: unknown): RootConfig[] {
  if (section === undefined || section === null) return [];
  const parsed = sectionSchema.safeParse(section);
  if (!parsed.success) throw new ConfigError(`servers.filesystem in the config file: ${describeIssues(parsed.error)}`);
  return (parsed.data.roots ?? []).map(({ path, readOnly, allowHardLinks }) =>
    checkDirectory({ path: resolve(path), readOnly, ...(allowHardLinks ? { allowHardLinks } : {}) }),
  );
}

/**
 * Reads the filesystem settings: command-line directories, else
 * `INFRA_MCP_FILESYSTEM_ROOTS`, else `servers.filesystem.roots` of the config
 * file, else (embedded) a workspace folder in the data directory.
 */
export function loadFilesystemConfig(input: {
  env: NodeJS.ProcessEnv;
  args: readonly string[];
  dataDir: string;
  embedded: boolean;
  section?: unknown;
}): FilesystemConfig {
  // The guard relies on O_NOFOLLOW and POSIX paths, which Windows does not offer.
  if (process.platform === 'win32')
    throw new ConfigError('the filesystem server runs on Linux and macOS only: run it there or in WSL');
  const fromEnv = splitRootList(input.env.INFRA_MCP_FILESYSTEM_ROOTS ?? '');
  const args = input.args.length > 0 ? input.args : fromEnv;
  const dataDir = input.dataDir;
  if (args.length > 0) return { roots: parseRoots(args), dataDir };
  const fromSection = rootsFromSection(input.section);
  if (fromSection.length > 0) return { roots: fromSection, dataDir };
  if (input.embedded) {
    const workspace = join(dataDir, 'workspace');
    mkdirSync(workspace, { recursive: true });
    return { roots: [{ path: workspace, readOnly: false }], dataDir };
  }
  throw new ConfigError(
    'no directories to serve: pass one or more directories (infra-mcp filesystem ~/projects /srv/configs:ro), set INFRA_MCP_FILESYSTEM_ROOTS or servers.filesystem.roots in the config file',
  );
}
