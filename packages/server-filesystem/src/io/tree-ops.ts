import { ToolError } from '@infra-mcp/core';
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  readSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { DirHandle } from '../guard/dir-handle.js';
import { ioError } from '../guard/errors.js';
import { writeAll } from '../guard/files.js';
import type { Scope } from '../guard/sandbox.js';
import { kindOf, readSorted } from './traverse.js';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;

/** What a tree operation touched. */
export interface TreeCounts {
  files: number;
  dirs: number;
  links: number;
  /** Entries left out: hard-linked or special files, links that would lead outside. */
  skipped: number;
}

/** Counts of nothing yet. */
export function emptyCounts(): TreeCounts {
  return { files: 0, dirs: 0, links: 0, skipped: 0 };
}

/** Streams one regular file to an open descriptor, reading it with O_NOFOLLOW through its directory. */
export function copyFileContent(from: DirHandle, name: string, to: number): 'copied' | 'skipped' {
  let source: number;
  try {
    source = openSync(from.child(name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    throw ioError(error, from.childPath(name));
  }
  try {
    const stat = fstatSync(source);
    if (!stat.isFile() || (stat.nlink > 1 && !from.root.allowHardLinks)) return 'skipped';
    const buffer = Buffer.allocUnsafe(Math.min(1024 * 1024, Math.max(stat.size, 1)));
    let position = 0;
    for (
      let read = readSync(source, buffer, 0, buffer.length, 0);
      read > 0;
      read = readSync(source, buffer, 0, buffer.length, position)
    ) {
      writeAll(to, buffer.subarray(0, read));
      position += read;
    }
    fchmodSync(to, stat.mode & 0o7777);
    return 'copied';
  } finally {
    closeSync(source);
  }
}

/**
 * Copies the directory `name` of `from` to the new entry `name` of `to`,
 * recursively, never following a link: files are streamed, links are
 * copied as links and removed again if the copy would lead outside the
 * roots, hard-linked and special files are skipped.
 */
export async function copyTree(
  scope: Scope,
  from: DirHandle,
  to: DirHandle,
  names: { from: string; to: string },
  counts: TreeCounts,
  signal: AbortSignal,
): Promise<void> {
  const mode = fstatModeOf(from, names.from);
  try {
    mkdirSync(to.child(names.to), mode);
  } catch (error) {
    throw ioError(error, to.childPath(names.to));
  }
  counts.dirs++;
  const source = from.openChild(names.from);
  const target = to.openChild(names.to);
  try {
    for (const entry of readSorted(source)) {
      if ((counts.files + counts.dirs) % 256 === 0) {
        await yieldToLoop();
        signal.throwIfAborted();
      }
      await copyEntry(scope, source, target, entry.name, kindOf(entry), counts, signal);
    }
  } finally {
    source.close();
    target.close();
  }
}

async function copyEntry(
  scope: Scope,
  source: DirHandle,
  target: DirHandle,
  name: string,
  kind: string,
  counts: TreeCounts,
  signal: AbortSignal,
) {
  if (kind === 'dir') {
    if (scope.isProtected(source, name)) return void counts.skipped++;
    return copyTree(scope, source, target, { from: name, to: name }, counts, signal);
  }
  if (kind === 'link') return copyLink(scope, source, target, name, counts);
  if (kind !== 'file') return void counts.skipped++;
  const fd = openSync(target.child(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  let outcome: 'copied' | 'skipped';
  try {
    outcome = copyFileContent(source, name, fd);
  } finally {
    closeSync(fd);
  }
  if (outcome === 'copied') counts.files++;
  else {
    unlinkSync(target.child(name));
    counts.skipped++;
  }
}

function copyLink(scope: Scope, source: DirHandle, target: DirHandle, name: string, counts: TreeCounts): void {
  symlinkSync(readlinkSync(source.child(name)), target.child(name));
  try {
    using resolved = scope.resolve(target.childPath(name));
    if (resolved.stat === undefined && !resolved.isRoot) throw new Error('dangling');
    counts.links++;
  } catch {
    // A link whose copy would lead outside the roots (or nowhere) is not kept.
    unlinkSync(target.child(name));
    counts.skipped++;
  }
}

function fstatModeOf(dir: DirHandle, name: string): number {
  const child = dir.openChild(name);
  try {
    return child.stat().mode & 0o7777;
  } finally {
    child.close();
  }
}

/** Removes the directory `name` of `dir` and everything in it, through directory descriptors, never following links. */
export async function removeTree(dir: DirHandle, name: string, counts: TreeCounts, signal: AbortSignal): Promise<void> {
  const inner = dir.openChild(name);
  try {
    for (const entry of readSorted(inner)) {
      const kind = kindOf(entry);
      if (kind === 'dir') await removeTree(inner, entry.name, counts, signal);
      else {
        unlinkSync(inner.child(entry.name));
        if (kind === 'link') counts.links++;
        else counts.files++;
      }
      if ((counts.files + counts.dirs) % 256 === 0) {
        await yieldToLoop();
        signal.throwIfAborted();
      }
    }
  } finally {
    inner.close();
  }
  rmdirSync(dir.child(name));
  counts.dirs++;
}

/** Counts what {@link removeTree} would remove, listing up to `sample` relative paths. */
export function countTree(
  dir: DirHandle,
  name: string,
  counts: TreeCounts,
  sample: { paths: string[]; max: number },
  prefix = name,
): void {
  const inner = dir.openChild(name);
  try {
    for (const entry of readSorted(inner)) {
      const kind = kindOf(entry);
      const rel = `${prefix}/${entry.name}`;
      if (sample.paths.length < sample.max) sample.paths.push(kind === 'dir' ? `${rel}/` : rel);
      if (kind === 'dir') countTree(inner, entry.name, counts, sample, rel);
      else if (kind === 'link') counts.links++;
      else counts.files++;
    }
  } finally {
    inner.close();
  }
  counts.dirs++;
}

/** Refuses an operation on an allowed root itself. */
export function refuseRoot(path: string, verb: string): never {
  throw new ToolError('FORBIDDEN', `${path} is an allowed directory itself; this server does not ${verb} it.`, {
    hint: 'Name an entry inside it.',
  });
}
