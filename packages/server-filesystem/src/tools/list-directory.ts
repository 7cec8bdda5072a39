import { jsonBytes, readOnly, truncated } from '@infra-mcp/core';
import { lstatSync, type Dirent } from 'node:fs';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import type { DirHandle } from '../guard/dir-handle.js';
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
  description: 'Directory entries with their type; sizes adds size and mtime. Links are not followed.',
  annotations: readOnly,
  input: z.object({
    path: pathArg,
    sizes: z.boolean().optional(),
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
    const dir = target.directory();
    const detailed = input.sizes || input.sort !== 'name';
    const all = readSorted(dir)
      .filter((entry) => !(entry.isDirectory() && scope.isProtected(dir, entry.name)))
      .map((entry) => describe(scope, dir, entry, detailed));
    if (input.sort !== 'name') all.sort(input.sort === 'size' ? bySize : byMtime);
    const entries = page(all, input.offset, contentBudget(maxOutputBytes));
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
  },
});

/** The entries from `offset` that fit the budget (at least one). */
function page(all: readonly Listed[], offset: number, budget: number): Listed[] {
  const entries: Listed[] = [];
  let used = 0;
  for (let index = offset; index < all.length; index++) {
    const cost = jsonBytes(all[index]) + 1;
    if (used + cost > budget && entries.length > 0) break;
    entries.push(all[index]!);
    used += cost;
  }
  return entries;
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
    if (!metadataVisible(stat, dir.root)) return Object.assign(listed, { links: stat.nlink });
    // A link's size is the length of its target text: not shown, like the target itself.
    if (type === 'link') return Object.assign(listed, { mtime: stat.mtime.toISOString() });
    return Object.assign(listed, { size: stat.size, mtime: stat.mtime.toISOString() });
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
