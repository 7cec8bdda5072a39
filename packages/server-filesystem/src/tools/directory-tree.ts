import { readOnly, truncated } from '@infra-mcp/core';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { DirCursor } from '../io/dir-cursor.js';
import type { IgnoreCache, IgnoreStack } from '../io/gitignore.js';
import type { Scope } from '../guard/sandbox.js';
import { compileGlobs } from '../io/glob.js';
import { ancestorIgnores, kindOf, readSorted, type EntryKind } from '../io/traverse.js';
import { contentBudget, foundName, pathArg } from './schemas.js';

interface TreeNode {
  name: string;
  kind: EntryKind;
  parts: string[];
  children?: TreeNode[];
  ignores?: IgnoreStack | undefined;
}

/** `directory_tree`: an indented tree, breadth-first within depth and size limits, `.gitignore` aware. */
export const directoryTreeTool = defineFsTool({
  name: 'directory_tree',
  title: 'Directory tree',
  description: 'Indented tree (dirs end in /, links @, unexpanded …), breadth-first to depth. Honours .gitignore.',
  annotations: readOnly,
  input: z.object({
    path: pathArg,
    depth: z.int().min(1).max(20).default(3),
    exclude: z.array(z.string()).default([]),
    gitignore: z.boolean().default(true),
  }),
  output: z.object({ path: z.string(), dirs: z.number(), files: z.number(), tree: foundName }),
  handler: async (input, { sandbox, clientRoots, ignores, maxOutputBytes, signal }) => {
    const scope = await sandbox.scope(clientRoots);
    using target = scope.resolve(input.path);
    const start = target.directory();
    const read: ReadOptions = {
      exclude: await compileGlobs(input.exclude),
      gitignore: input.gitignore,
      scope,
      ignores,
    };
    const top: TreeNode = { name: '', kind: 'dir', parts: [] };
    if (input.gitignore) {
      const walk = { scope, ignores: await ignores.ready(), gitignore: true, maxDepth: input.depth, signal };
      top.ignores = ancestorIgnores(walk, start).enter(ignores, start, '');
    }
    using cursor = new DirCursor(start);
    const counts = await expand(top, cursor, read, {
      depth: input.depth,
      budget: contentBudget(maxOutputBytes),
      signal,
    });
    const lines: string[] = [];
    render(top, '', lines);
    const result = { path: target.path, dirs: counts.dirs, files: counts.files, tree: lines.join('\n') };
    if (counts.unexpanded === 0) return result;
    const notice = `${counts.unexpanded} directories were not expanded to fit the size budget (marked …); call directory_tree on one of them.`;
    return { ...result, truncated: truncated(notice) };
  },
});

interface Limits {
  depth: number;
  /** Bytes of tree text left. */
  budget: number;
  signal: AbortSignal;
}

/**
 * Expands the tree breadth-first, level by level, so a cut budget leaves the
 * top levels complete and marks the deeper directories it could not open.
 */
async function expand(top: TreeNode, cursor: DirCursor, read: ReadOptions, limits: Limits) {
  const counts = { dirs: 0, files: 0, unexpanded: 0 };
  let budget = limits.budget;
  let frontier = [top];
  for (let depth = 1; depth <= limits.depth && frontier.length > 0; depth++) {
    const next: TreeNode[] = [];
    for (const node of frontier) {
      const children = budget > 0 ? readChildren(cursor, node, read) : [];
      const cost = children.reduce((sum, child) => sum + child.name.length + depth * 2 + 3, 0);
      if (budget <= 0 || (cost > budget && node !== top)) {
        counts.unexpanded++;
        budget = 0;
        continue;
      }
      node.children = children;
      budget -= cost;
      for (const child of children) {
        if (child.kind !== 'dir') counts.files++;
        else {
          counts.dirs++;
          next.push(child);
        }
      }
      await yieldToLoop();
      limits.signal.throwIfAborted();
    }
    frontier = next;
  }
  return counts;
}

interface ReadOptions {
  exclude: ((rel: string, isDirectory: boolean) => boolean) | undefined;
  gitignore: boolean;
  scope: Scope;
  ignores: IgnoreCache;
}

function readChildren(cursor: DirCursor, node: TreeNode, options: ReadOptions): TreeNode[] {
  let dir;
  try {
    dir = cursor.open(node.parts);
  } catch {
    return [];
  }
  const stack = node.ignores?.enter(options.ignores, dir, node.parts.join('/'));
  const effective = node.parts.length === 0 ? node.ignores : stack;
  const children: TreeNode[] = [];
  for (const entry of readSorted(dir)) {
    const kind = kindOf(entry);
    const parts = [...node.parts, entry.name];
    const rel = parts.join('/');
    const isDir = kind === 'dir';
    if (options.gitignore && isDir && entry.name === '.git') continue;
    if (effective?.ignores(rel, isDir) === true || options.exclude?.(rel, isDir) === true) continue;
    if (isDir && options.scope.isProtected(dir, entry.name)) continue;
    children.push({ name: entry.name, kind, parts, ...(isDir ? { ignores: effective } : {}) });
  }
  return children;
}

function render(node: TreeNode, indent: string, lines: string[]): void {
  for (const child of node.children ?? []) {
    if (child.kind === 'dir') {
      lines.push(`${indent}${child.name}/${child.children === undefined ? ' …' : ''}`);
      render(child, `${indent}  `, lines);
    } else lines.push(`${indent}${child.name}${child.kind === 'link' ? '@' : ''}`);
  }
}
