import type { Stats } from 'node:fs';
import type { DirHandle } from '../guard/dir-handle.js';
import type { Scope } from '../guard/sandbox.js';
import type { Root } from '../guard/roots.js';
import type { EntryKind } from '../io/traverse.js';

/** The kind of an entry from its `lstat`. */
export function kindOfStat(stat: Stats): EntryKind {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'dir';
  if (stat.isSymbolicLink()) return 'link';
  return 'other';
}

/**
 * Whether an entry's size and times may be shown: a regular file with more
 * than one hard link shares them with its other names, which may be outside
 * the roots, so they are withheld unless the root allows hard links.
 */
export function metadataVisible(stat: Stats, root: Root): boolean {
  return !(stat.isFile() && stat.nlink > 1 && !root.allowHardLinks);
}

/** Where a symlink in a listing leads, when that stays inside the roots; `undefined` otherwise. */
export function linkTarget(scope: Scope, dir: DirHandle, name: string): string | undefined {
  try {
    using target = scope.resolve(dir.childPath(name));
    return target.stat === undefined && !target.isRoot ? undefined : target.path;
  } catch {
    return undefined;
  }
}
