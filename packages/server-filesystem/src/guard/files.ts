import { ToolError } from '@infra-mcp/core';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { errnoOf, hardLinkError, ioError } from './errors.js';
import type { Target } from './sandbox.js';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_APPEND } = constants;

/** An open regular file, checked: not a link, not special, not hard-linked (unless the root allows it). */
export interface OpenFile extends Disposable {
  readonly fd: number;
  readonly stat: Stats;
}

/**
 * Opens the target's regular file for reading through its parent's
 * descriptor with O_NOFOLLOW (a symlink swapped in after the walk fails to
 * open) and O_NONBLOCK (a FIFO cannot hang the call), then checks what was
 * really opened with `fstat`.
 */
export function openRegularFile(target: Target): OpenFile {
  const stat = target.existing();
  if (stat.isDirectory()) {
    throw new ToolError('INVALID_INPUT', `${target.path} is a directory.`, {
      hint: 'Use list_directory or directory_tree for directories.',
    });
  }
  // A device or FIFO is not even opened: opening one can block or have side effects.
  if (!stat.isFile())
    throw new ToolError('INVALID_INPUT', `${target.path} is not a regular file (${describeType(stat)}).`);
  let fd: number;
  try {
    fd = openSync(target.syscallPath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    throw ioError(error, target.path);
  }
  try {
    target.dir.confirm();
    const opened = fstatSync(fd);
    checkRegular(opened, target);
    return { fd, stat: opened, [Symbol.dispose]: () => closeSync(fd) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Reads a whole open file into memory (callers cap the size first). */
export function readWholeFile(file: OpenFile): Buffer {
  const buffer = Buffer.allocUnsafe(file.stat.size);
  let read = 0;
  while (read < buffer.length) {
    const got = readSync(file.fd, buffer, read, buffer.length - read, read);
    if (got === 0) break;
    read += got;
  }
  return buffer.subarray(0, read);
}

/** Refuses anything but a regular file with one link (or a root that allows hard links). */
export function checkRegular(stat: Stats, target: Target): void {
  if (!stat.isFile()) {
    throw new ToolError('INVALID_INPUT', `${target.path} is not a regular file (${describeType(stat)}).`);
  }
  if (stat.nlink > 1 && !target.root.allowHardLinks) throw hardLinkError(target.path, target.root.path);
}

/** A short word for an entry's type. */
export function describeType(stat: Stats): string {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'directory';
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isFIFO()) return 'fifo';
  if (stat.isSocket()) return 'socket';
  if (stat.isBlockDevice() || stat.isCharacterDevice()) return 'device';
  return 'other';
}

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** Fail with CONFLICT if the entry exists (create only). */
  exclusive: boolean;
  /** The file being replaced, to keep its permission bits and owner. */
  replacing?: Stats;
  /** Permission bits for a new file (before umask). */
  mode?: number;
}

/**
 * Writes a whole file atomically: a temp file created exclusively with
 * O_NOFOLLOW in the target's (verified, open) directory, then renamed over
 * the entry — or linked, for create-only, so an existing entry is never
 * replaced. A symlink placed at the name is replaced, never followed.
 * Readers see the old or the new content, never a mix.
 */
export function writeFileAtomic(
  target: Target,
  data: Uint8Array | ((fd: number) => void),
  options: AtomicWriteOptions,
): Stats {
  const temp = `.infra-mcp-${randomBytes(6).toString('hex')}.tmp`;
  const tempPath = target.dir.child(temp);
  try {
    const fd = openSync(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, options.mode ?? 0o666);
    try {
      if (typeof data === 'function') data(fd);
      else writeAll(fd, data);
      if (options.replacing !== undefined) keepOwnership(fd, options.replacing);
    } finally {
      closeSync(fd);
    }
    if (options.exclusive) {
      linkSync(tempPath, target.syscallPath);
      unlinkSync(tempPath);
    } else {
      if (options.replacing !== undefined) assertUnchanged(target, options.replacing);
      renameSync(tempPath, target.syscallPath);
    }
    return lstatSync(target.syscallPath);
  } catch (error) {
    removeQuietly(tempPath);
    if (error instanceof ToolError) throw error;
    throw ioError(error, target.path);
  }
}

/** Appends to an existing regular file in place, opened with O_NOFOLLOW through its directory. */
export function appendToFile(target: Target, data: Uint8Array): Stats {
  let fd: number;
  try {
    fd = openSync(target.syscallPath, O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    throw ioError(error, target.path);
  }
  try {
    checkRegular(fstatSync(fd), target);
    writeAll(fd, data);
    return fstatSync(fd);
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw ioError(error, target.path);
  } finally {
    closeSync(fd);
  }
}

/** Writes every byte of `data` to `fd`. */
export function writeAll(fd: number, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

function keepOwnership(fd: number, original: Stats): void {
  fchmodSync(fd, original.mode & 0o7777);
  const created = fstatSync(fd);
  if (created.uid === original.uid && created.gid === original.gid) return;
  try {
    fchownSync(fd, original.uid, original.gid);
  } catch {
    // Only root may give a file away; an unprivileged server keeps its own ownership.
  }
}

/** Refuses to replace a file that changed since it was read (a lost update). */
export function assertUnchanged(target: Target, before: Stats): void {
  let now: Stats;
  try {
    now = lstatSync(target.syscallPath);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw changedError(target);
    throw error;
  }
  if (now.ino !== before.ino || now.dev !== before.dev || now.mtimeMs !== before.mtimeMs || now.size !== before.size)
    throw changedError(target);
}

function changedError(target: Target): ToolError {
  return new ToolError('CONFLICT', `${target.path} changed while this call was working on it; nothing was written.`, {
    hint: 'Read the file again and retry.',
  });
}

/** Removes an entry, ignoring errors (cleanup of temp files). */
export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or never created.
  }
}
