import { ToolError } from '@infra-mcp/core';
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import type { Root } from './roots.js';

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = constants;

/**
 * How the guard names a child of an open directory. `proc` (Linux) goes
 * through `/proc/self/fd/<fd>/<name>`, which the kernel resolves from the open
 * descriptor itself, the way `openat(2)` would: a path component swapped for
 * a symlink after the check cannot redirect the call. `portable` uses the
 * directory's real path, for systems without `/proc`.
 */
export type PathMode = 'proc' | 'portable';

let detected: PathMode | undefined;

/** `proc` where `/proc/self/fd` exists, else `portable`; probed once. */
export function detectPathMode(): PathMode {
  detected ??= existsSync('/proc/self/fd') ? 'proc' : 'portable';
  return detected;
}

/** An open directory inside a root; every access to its entries goes through it. */
export class DirHandle implements Disposable {
  private closed = false;

  constructor(
    readonly fd: number,
    readonly root: Root,
    /** Physical components from the root's real path down to this directory. */
    readonly parts: readonly string[],
    /** The root's real path. */
    readonly rootReal: string,
    readonly mode: PathMode,
  ) {}

  /** The absolute path shown to the model. */
  get path(): string {
    return this.parts.length === 0 ? this.root.path : posix.join(this.root.path, ...this.parts);
  }

  /** The directory's real path (root real path plus physical components). */
  get realPath(): string {
    return this.parts.length === 0 ? this.rootReal : posix.join(this.rootReal, ...this.parts);
  }

  /** The path to pass to a syscall that acts on this directory itself (readdir). */
  self(): string {
    return this.mode === 'proc' ? `/proc/self/fd/${this.fd}` : this.realPath;
  }

  /** The path to pass to a syscall that acts on the entry `name` of this directory. */
  child(name: string): string {
    if (this.mode === 'proc') return `/proc/self/fd/${this.fd}/${name}`;
    this.confirm();
    return posix.join(this.realPath, name);
  }

  /**
   * In portable mode, checks that this directory is still the one at its
   * real path (same device and inode, not a link), before and after each use
   * of a child path: a component swapped for a symlink in between is caught
   * unless it is swapped back within the same few microseconds. In proc mode
   * the descriptor itself is the path, so there is nothing to check.
   */
  confirm(): void {
    if (this.mode === 'proc') return;
    const own = fstatSync(this.fd);
    let now: Stats | undefined;
    try {
      now = lstatSync(this.realPath);
    } catch {
      now = undefined;
    }
    if (now === undefined || !now.isDirectory() || now.ino !== own.ino || now.dev !== own.dev) {
      throw new ToolError(
        'CONFLICT',
        `${this.path} was replaced while the call was using it; nothing was read from it.`,
        {
          hint: 'Retry the call.',
        },
      );
    }
  }

  /** The display path of the entry `name`. */
  childPath(name: string): string {
    return posix.join(this.path, name);
  }

  /** Opens the subdirectory `name` without following a symlink; throws the errno error (ENOTDIR for a link). */
  openChild(name: string): DirHandle {
    const fd = openSync(this.child(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    try {
      this.confirm();
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    return new DirHandle(fd, this.root, [...this.parts, name], this.rootReal, this.mode);
  }

  /** `fstat` of the directory itself. */
  stat(): Stats {
    return fstatSync(this.fd);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/** Opens a directory by an absolute path the operator configured (a root's real path). */
export function openRootDir(root: Root, rootReal: string, mode: PathMode): DirHandle {
  const fd = openSync(rootReal, O_RDONLY | O_DIRECTORY);
  return new DirHandle(fd, root, [], rootReal, mode);
}
