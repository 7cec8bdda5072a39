import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import type { Ignore } from 'ignore';
import type { DirHandle } from '../guard/dir-handle.js';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
const maxIgnoreFileBytes = 1024 * 1024;

interface Cached {
  ino: number;
  mtimeMs: number;
  size: number;
  rules: Ignore | undefined;
}

/**
 * Parsed `.gitignore` files, cached by directory and revalidated with one
 * `lstat` (inode, size, mtime), so a search over a large tree parses each
 * file once per change rather than once per call.
 */
export class IgnoreCache {
  private readonly cache = new Map<string, Cached>();
  private parser: ((text: string) => Ignore) | undefined;

  /** Loads the `.gitignore` parser, on first use only: a server that never walks a tree does not carry it. */
  async ready(): Promise<this> {
    if (this.parser === undefined) {
      const { default: ignore } = await import('ignore');
      this.parser = (text) => ignore({ allowRelativePaths: true }).add(text);
    }
    return this;
  }

  /** The rules of `.gitignore` in `dir`, or `undefined` when it has none. */
  rulesOf(dir: DirHandle): Ignore | undefined {
    const path = dir.child('.gitignore');
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      this.cache.delete(dir.realPath);
      return undefined;
    }
    // A symlinked or special .gitignore is not followed: its rules could come from outside the roots.
    if (!stat.isFile() || stat.size > maxIgnoreFileBytes) return undefined;
    const hit = this.cache.get(dir.realPath);
    if (hit !== undefined && hit.ino === stat.ino && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size)
      return hit.rules;
    const text = readSmallFile(path);
    if (this.parser === undefined) throw new Error('IgnoreCache.ready() must be awaited before a walk');
    const rules = text === undefined ? undefined : this.parser(text);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(dir.realPath, { ino: stat.ino, mtimeMs: stat.mtimeMs, size: stat.size, rules });
    return rules;
  }
}

function readSmallFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.nlink > 1 || stat.size > maxIgnoreFileBytes) return undefined;
    const buffer = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const got = readSync(fd, buffer, read, stat.size - read, read);
      if (got === 0) break;
      read += got;
    }
    return buffer.toString('utf8', 0, read);
  } finally {
    closeSync(fd);
  }
}

interface Level {
  rules: Ignore;
  /** Maps a path relative to the walk's start to one relative to this level's directory. */
  relative: (path: string) => string;
}

/** The `.gitignore` rules in force at one directory of a walk: each ancestor's, deepest last. */
export class IgnoreStack {
  private constructor(private readonly levels: readonly Level[]) {}

  /** An empty stack (nothing ignored). */
  static empty(): IgnoreStack {
    return new IgnoreStack([]);
  }

  /** This stack plus the rules of an ancestor of the walk's start, `down` being the path from it to the start. */
  above(cache: IgnoreCache, dir: DirHandle, down: string): IgnoreStack {
    const rules = cache.rulesOf(dir);
    if (rules === undefined) return this;
    return new IgnoreStack([...this.levels, { rules, relative: (path) => (path === '' ? down : `${down}/${path}`) }]);
  }

  /** This stack plus the rules of `dir`, whose path relative to the walk's start is `prefix`. */
  enter(cache: IgnoreCache, dir: DirHandle, prefix: string): IgnoreStack {
    const rules = cache.rulesOf(dir);
    if (rules === undefined) return this;
    const relative = prefix === '' ? (path: string) => path : (path: string) => path.slice(prefix.length + 1);
    return new IgnoreStack([...this.levels, { rules, relative }]);
  }

  /** Whether `path` (relative to the walk's start) is ignored; the deepest rule that matches wins. */
  ignores(path: string, isDirectory: boolean): boolean {
    let verdict = false;
    for (const { rules, relative } of this.levels) {
      const local = relative(path);
      const result = rules.test(isDirectory ? `${local}/` : local);
      if (result.ignored) verdict = true;
      else if (result.unignored) verdict = false;
    }
    return verdict;
  }
}
