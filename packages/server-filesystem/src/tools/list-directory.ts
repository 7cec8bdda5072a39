import { jsonBytes, readOnly, truncated } from '@infra-mcp/core';
import { lstatSync, type Dirent } from 'node:fs';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import type { DirHandle } from '../guard/dir-handle.js';
import type { Scope } from '../guard/sandbox.js';
import { kindOf, readSorted, type EntryKind } from '../io/traverse.js';
import { linkTarget, metadataVisible } from './entry-info.js';
import { contentBudget, foundName, offsetArg, pathArg } from './schemas.js';

interface Listed {
  name: string;
  type: EntryKind;
  size?: number;
  mtime?: string;
  links?: number;
  target?: string;
}

/** A plain listing's page: names grouped by kind, each group in name order. */
interface Grouped {
  dirs?: string[];
  files?: string[];
  links?: { name: string; target?: string }[];
  other?: string[];
}

/**
 * `list_directory`: a directory's entries, paged within the budget. A plain
 * listing groups names by kind, as `ls -p` would show them: what a model
 * needs, in about half the bytes of a record per entry. With sizes, or sorted
 * by size or time, each entry is a record.
 */
export const listDirectoryTool = defineFsTool({
  name: 'list_directory',
  title: 'List directory',
  description: 'Names by kind; sizes (or a sort) lists entries with size and mtime. Links are not followed.',
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
    dirs: z.array(foundName).optional(),
    files: z.array(foundName).optional(),
    links: z.array(z.object({ name: foundName, target: foundName.optional() })).optional(),
    other: z.array(foundName).optional(),
    entries: z
      .array(
        z.object({
          name: foundName,
          type: z.string(),
          size: z.number().optional(),
          mtime: z.string().optional(),
          links: z.number().optional(),
          target: foundName.optional(),
        }),
      )
      .optional(),
  }),
  handler: async (input, { sandbox, clientRoots, maxOutputBytes }) => {
    const scope = await sandbox.scope(clientRoots);
    using target = scope.resolve(input.path);
    const dir = target.directory();
    const detailed = input.sizes || input.sort !== 'name';
    const all: Listed[] = [];
    for (const entry of readSorted(dir))
      if (!(entry.isDirectory() && scope.isProtected(dir, entry.name))) all.push(describe(scope, dir, entry, detailed));
    if (input.sort !== 'name') all.sort(input.sort === 'size' ? bySize : byMtime);
    const shown = page(all, input.offset, contentBudget(maxOutputBytes), detailed ? jsonBytes : plainBytes);
    const head = { path: target.path, total: all.length };
    const result = detailed
      ? Object.assign(head, { bytes: totalBytes(all), entries: shown })
      : Object.assign(head, grouped(shown));
    const end = input.offset + shown.length;
    if (end >= all.length) return result;
    const next = {
      path: input.path,
      offset: end,
      ...(detailed ? { sizes: true } : {}),
      ...(input.sort === 'name' ? {} : { sort: input.sort }),
    };
    return Object.assign(result, {
      truncated: truncated(`Showing entries ${input.offset + 1}–${end} of ${all.length}.`, next),
    });
  },
});

/** The entries from `offset` that fit the budget (at least one), each costing `bytesOf`. */
function page(all: readonly Listed[], offset: number, budget: number, bytesOf: (entry: Listed) => number): Listed[] {
  const entries: Listed[] = [];
  let used = 0;
  for (let index = offset; index < all.length; index++) {
    const cost = bytesOf(all[index]!) + 1;
    if (used + cost > budget && entries.length > 0) break;
    entries.push(all[index]!);
    used += cost;
  }
  return entries;
}

/** What an entry adds to a plain listing: its name in a group, and a link's target. */
function plainBytes(entry: Listed): number {
  const name = jsonBytes(entry.name);
  if (entry.type !== 'link') return name;
  return name + 10 + (entry.target === undefined ? 0 : jsonBytes(entry.target) + 10);
}

function grouped(entries: readonly Listed[]): Grouped {
  const groups: Grouped = {};
  for (const entry of entries) {
    if (entry.type === 'dir') (groups.dirs ??= []).push(entry.name);
    else if (entry.type === 'file') (groups.files ??= []).push(entry.name);
    else if (entry.type === 'link')
      (groups.links ??= []).push(
        entry.target === undefined ? { name: entry.name } : { name: entry.name, target: entry.target },
      );
    else (groups.other ??= []).push(entry.name);
  }
  return groups;
}

function totalBytes(entries: readonly Listed[]): number {
  let sum = 0;
  for (const entry of entries) if (entry.type === 'file') sum += entry.size ?? 0;
  return sum;
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
