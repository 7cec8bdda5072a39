import { readOnly, ToolError, truncated } from '@infra-mcp/core';
import { lstatSync, type Dirent } from 'node:fs';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import type { DirHandle } from '../guard/dir-handle.js';
import { ioError } from '../guard/errors.js';
import type { Scope } from '../guard/sandbox.js';
import { kindOf, readSorted } from '../io/traverse.js';
import { linkTarget, metadataVisible } from './entry-info.js';
import { contentBudget, offsetArg, pathArg } from './schemas.js';

interface Listed {
  name: string;
  type: string;
  size?: number;
  mtime?: string;
  links?: number;
  target?: string;
}

/** `list_directory`: a directory's entries, optionally with sizes and times, paged within the budget. */
export const listDirectoryTool = defineFsTool({
  name: 'list_directory',
  title: 'List directory',
  description: 'Entries of a directory with their type; sizes adds size and mtime. Links are not followed.',
  annotations: readOnly,
  input: z.object({
    path: pathArg,
    sizes: z.boolean().default(false),
    sort: z.enum(['name', 'size', 'mtime']).default('name'),
    offset: offsetArg.default(0),
  }),
  output: z.object({
    path: z.string(),
    total: z.number(),
    bytes: z.number().optional(),
    entries: z.array(
      z.object({
        name: z.string(),
        type: z.string(),
        size: z.number().optional(),
        mtime: z.string().optional(),
        links: z.number().optional(),
        target: z.string().optional(),
      }),
    ),
  }),
  handler: async (input, { sandbox, clientRoots, maxOutputBytes }) => {
    const scope = await sandbox.scope(clientRoots);
    using target = scope.resolve(input.path);
    const dir = openDirectory(target.dir, target.name, target.path);
    try {
      const detailed = input.sizes || input.sort !== 'name';
      const all = readSorted(dir).map((entry) => describe(scope, dir, entry, detailed));
      if (input.sort !== 'name') all.sort(input.sort === 'size' ? bySize : byMtime);
      const budget = contentBudget(maxOutputBytes);
      const entries: Listed[] = [];
      let used = 0;
      for (let index = input.offset; index < all.length; index++) {
        const cost = JSON.stringify(all[index]).length + 1;
        if (used + cost > budget && entries.length > 0) break;
        entries.push(all[index]!);
        used += cost;
      }
      const bytes = detailed
        ? all.reduce((sum, entry) => sum + (entry.type === 'file' ? (entry.size ?? 0) : 0), 0)
        : undefined;
      const result = { path: target.path, total: all.length, ...(bytes === undefined ? {} : { bytes }), entries };
      const end = input.offset + entries.length;
      if (end >= all.length) return result;
      const next = {
        path: input.path,
        offset: end,
        ...(detailed ? { sizes: true } : {}),
        ...(input.sort === 'name' ? {} : { sort: input.sort }),
      };
      return { ...result, truncated: truncated(`Showing entries ${input.offset + 1}–${end} of ${all.length}.`, next) };
    } finally {
      if (dir !== target.dir) dir.close();
    }
  },
});

/** Opens the directory a target names (the root itself, or a child of its parent). */
export function openDirectory(parent: DirHandle, name: string, shown: string): DirHandle {
  if (name === '') return parent;
  try {
    return parent.openChild(name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'ELOOP') {
      throw new ToolError('INVALID_INPUT', `${shown} is not a directory.`, {
        hint: 'Use read_file or get_file_info for files.',
      });
    }
    throw ioError(error, shown);
  }
}

function describe(scope: Scope, dir: DirHandle, entry: Dirent, detailed: boolean): Listed {
  const type = kindOf(entry);
  const listed: Listed = { name: entry.name, type };
  if (type === 'link') {
    const leads = linkTarget(scope, dir, entry.name);
    if (leads !== undefined) listed.target = leads;
  }
  if (!detailed) return listed;
  try {
    const stat = lstatSync(dir.child(entry.name));
    if (!metadataVisible(stat, dir.root)) return { ...listed, links: stat.nlink };
    // A link's size is the length of its target text: not shown, like the target itself.
    if (type === 'link') return { ...listed, mtime: stat.mtime.toISOString() };
    return { ...listed, size: stat.size, mtime: stat.mtime.toISOString() };
  } catch {
    return listed; // Removed since readdir.
  }
}

function bySize(a: Listed, b: Listed): number {
  return (b.size ?? -1) - (a.size ?? -1);
}

function byMtime(a: Listed, b: Listed): number {
  return (b.mtime ?? '').localeCompare(a.mtime ?? '');
}
