import { readdirSync, type Dirent } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { DirHandle } from '../guard/dir-handle.js';
import type { Scope } from '../guard/sandbox.js';
import { IgnoreStack, type IgnoreCache } from './gitignore.js';

/** The kind of a directory entry, from `readdir` (links are never followed). */
export type EntryKind = 'file' | 'dir' | 'link' | 'other';

/** One entry met by a walk. */
export interface WalkEntry {
  /** Path relative to the walk's start, `/`-separated. */
  readonly rel: string;
  readonly name: string;
  /** 1 for the start's own entries. */
  readonly depth: number;
  readonly kind: EntryKind;
  /** The open directory holding the entry, valid until the walk moves on. */
  readonly dir: DirHandle;
}

/** Options of {@link walkTree}. */
export interface WalkTreeOptions {
  scope: Scope;
  ignores: IgnoreCache;
  /** Honour `.gitignore` files (and skip `.git`). */
  gitignore: boolean;
  maxDepth: number;
  signal: AbortSignal;
  /** Entries (and whole directories) to leave out, by relative path. */
  exclude?: (rel: string, isDirectory: boolean) => boolean;
  /** Resume at this relative path in walk order (inclusive), skipping everything before it. */
  from?: string;
}

/** The kind of a `readdir` entry. */
export function kindOf(entry: Dirent): EntryKind {
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (entry.isSymbolicLink()) return 'link';
  return 'other';
}

/** A directory's entries sorted by name (code units, the order every walk uses). */
export function readSorted(dir: DirHandle): Dirent[] {
  const entries = readdirSync(dir.self(), { withFileTypes: true });
  dir.confirm();
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether `a` comes before `b` in a depth-first walk with sorted names. */
export function walkOrderBefore(a: readonly string[], b: readonly string[]): boolean {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index] !== b[index]) return a[index]! < b[index]!;
  }
  return a.length < b.length;
}

/** The `.gitignore` rules of the start's ancestors inside its root, outermost first. */
export function ancestorIgnores(options: WalkTreeOptions, start: DirHandle): IgnoreStack {
  let stack = IgnoreStack.empty();
  if (!options.gitignore || start.parts.length === 0) return stack;
  let dir: DirHandle | undefined = options.scope.openRoot(start.root);
  try {
    for (let index = 0; index < start.parts.length && dir !== undefined; index++) {
      stack = stack.above(options.ignores, dir, start.parts.slice(index).join('/'));
      const next: DirHandle = dir.openChild(start.parts[index]!);
      dir.close();
      dir = next;
    }
  } catch {
    // An ancestor changed under the walk; its rules are simply not applied.
  } finally {
    dir?.close();
  }
  return stack;
}

/**
 * Walks a directory tree depth-first in sorted order without following
 * links: each subdirectory is opened through its parent's descriptor with
 * O_NOFOLLOW, the server's data directory is skipped, and `.gitignore` rules
 * apply when asked. Yields to the event loop as it goes, and stops when the
 * call is cancelled.
 */
export async function* walkTree(start: DirHandle, options: WalkTreeOptions): AsyncGenerator<WalkEntry> {
  const from = options.from === undefined ? undefined : options.from.split('/');
  if (options.gitignore) await options.ignores.ready();
  const ignores = options.gitignore ? ancestorIgnores(options, start).enter(options.ignores, start, '') : undefined;
  yield* walkLevel(start, [], 1, ignores, from, options, { seen: 0 });
}

async function* walkLevel(
  dir: DirHandle,
  parts: string[],
  depth: number,
  ignores: IgnoreStack | undefined,
  after: string[] | undefined,
  options: WalkTreeOptions,
  progress: { seen: number },
): AsyncGenerator<WalkEntry> {
  let entries: Dirent[];
  try {
    entries = readSorted(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (++progress.seen % 512 === 0) {
      await yieldToLoop();
      options.signal.throwIfAborted();
    }
    const childParts = [...parts, entry.name];
    const onCursorPath = after !== undefined && isPrefix(childParts, after);
    if (after !== undefined && !onCursorPath && walkOrderBefore(childParts, after)) continue;
    const kind = kindOf(entry);
    const rel = childParts.join('/');
    if (skip(entry.name, rel, kind, ignores, options)) continue;
    if (kind === 'dir' && options.scope.isProtected(dir, entry.name)) continue;
    if (!onCursorPath || childParts.length === after.length) yield { rel, name: entry.name, depth, kind, dir };
    if (kind !== 'dir' || depth >= options.maxDepth) continue;
    yield* walkChild(dir, entry.name, childParts, depth, ignores, onCursorPath ? after : undefined, options, progress);
  }
}

async function* walkChild(
  dir: DirHandle,
  name: string,
  childParts: string[],
  depth: number,
  ignores: IgnoreStack | undefined,
  after: string[] | undefined,
  options: WalkTreeOptions,
  progress: { seen: number },
): AsyncGenerator<WalkEntry> {
  let child: DirHandle;
  try {
    child = dir.openChild(name);
  } catch {
    return; // Replaced by a link or removed since readdir, or unreadable: not followed.
  }
  try {
    const inner = ignores?.enter(options.ignores, child, childParts.join('/'));
    yield* walkLevel(child, childParts, depth + 1, inner, after, options, progress);
  } finally {
    child.close();
  }
}

function skip(name: string, rel: string, kind: EntryKind, ignores: IgnoreStack | undefined, options: WalkTreeOptions) {
  if (ignores !== undefined && name === '.git' && kind === 'dir') return true;
  if (ignores?.ignores(rel, kind === 'dir') === true) return true;
  return options.exclude?.(rel, kind === 'dir') === true;
}

function isPrefix(parts: readonly string[], of: readonly string[]): boolean {
  return parts.length <= of.length && parts.every((part, index) => of[index] === part);
}
