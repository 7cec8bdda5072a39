import { ToolError } from '@infra-mcp/core';
import { lstatSync, mkdirSync, readlinkSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import type { DirHandle } from './dir-handle.js';
import { errnoOf, ioError, notFoundError, outsideError, protectedError, readOnlyError } from './errors.js';
import { locate, splitPath, type Located, type Root } from './roots.js';

/** What the walk needs from its caller: the roots of this call and how to open one. */
export interface WalkEnv {
  readonly roots: readonly Root[];
  openRoot(root: Root): DirHandle;
  realPath(root: Root): string;
  /** Whether `name` in `dir` is (inside) the server's own data directory, which a walk never creates in. */
  isProtected(dir: DirHandle, name: string): boolean;
}

/** Options of one walk. */
export interface WalkOptions {
  /** Follow a symlink in the last component (inside the roots only). */
  follow: boolean;
  /** Create missing parent directories (the root must be writable). */
  mkdirs?: boolean;
}

/** Where a walk ends: the open parent directory and the entry's name (`''` for the root itself). */
export interface Walked {
  readonly dir: DirHandle;
  readonly name: string;
  /** `lstat` of the entry; `undefined` when it does not exist. */
  readonly stat: Stats | undefined;
}

const maxLinks = 40;

/**
 * Resolves a located path one component at a time from the root's open
 * descriptor, the way `openat2(RESOLVE_IN_ROOT)` would. Every intermediate
 * directory is opened with O_NOFOLLOW through its parent's descriptor; a
 * symlink is read and resolved by this walk itself, and only while its target
 * stays inside an allowed root. Nothing outside the roots is ever opened,
 * stat'ed or listed, not even to report that it exists.
 */
export function walk(env: WalkEnv, start: Located, shown: string, options: WalkOptions): Walked {
  const state = { stack: [env.openRoot(start.root)], pending: [...start.parts], links: 0 };
  try {
    for (;;) {
      const name = state.pending.shift();
      if (name === undefined) return finish(state.stack, undefined);
      if (name === '..') {
        stepUp(env, state, shown);
        continue;
      }
      const top = state.stack.at(-1)!;
      if (state.pending.length > 0) {
        descend(env, state, top, name, shown, options);
        continue;
      }
      const stat = lstatEntry(top, name, shown);
      if (stat?.isSymbolicLink() === true && options.follow) {
        followLink(env, state, top, name, shown);
        continue;
      }
      return finish(state.stack, { name, stat });
    }
  } catch (error) {
    for (const dir of state.stack) dir.close();
    throw error;
  }
}

interface WalkState {
  stack: DirHandle[];
  pending: string[];
  links: number;
}

function finish(stack: DirHandle[], entry: { name: string; stat: Stats | undefined } | undefined): Walked {
  let result: Walked;
  if (entry !== undefined) result = { dir: stack.at(-1)!, ...entry };
  else if (stack.length > 1) {
    // The walk ended on a directory reached through `..` or a link: name it from its parent.
    const self = stack.pop()!;
    const name = self.parts.at(-1)!;
    self.close();
    const parent = stack.at(-1)!;
    result = { dir: parent, name, stat: lstatEntry(parent, name, parent.childPath(name)) };
  } else result = { dir: stack[0]!, name: '', stat: undefined };
  for (const dir of stack) if (dir !== result.dir) dir.close();
  return result;
}

function stepUp(env: WalkEnv, state: WalkState, shown: string): void {
  if (state.stack.length > 1) {
    state.stack.pop()!.close();
    return;
  }
  const top = state.stack[0]!;
  relocate(env, state, posix.join(env.realPath(top.root), '..', ...state.pending), shown);
}

function relocate(env: WalkEnv, state: WalkState, absolute: string, shown: string): void {
  const located = locate(env.roots, posix.resolve(absolute));
  if (located === undefined) throw outsideError(shown, true);
  for (const dir of state.stack) dir.close();
  state.stack = [];
  state.stack.push(env.openRoot(located.root));
  state.pending = [...located.parts];
}

function descend(env: WalkEnv, state: WalkState, top: DirHandle, name: string, shown: string, options: WalkOptions) {
  try {
    state.stack.push(top.openChild(name));
    return;
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOTDIR' || code === 'ELOOP') {
      const stat = lstatEntry(top, name, shown);
      if (stat?.isSymbolicLink() === true) return followLink(env, state, top, name, shown);
      throw new ToolError('INVALID_INPUT', `${top.childPath(name)} is not a directory, so ${shown} cannot exist.`);
    }
    if (code === 'ENOENT' && options.mkdirs === true) return makeDirectory(env, state, top, name);
    if (code === 'ENOENT') throw notFoundError(shown);
    throw ioError(error, top.childPath(name));
  }
}

function makeDirectory(env: WalkEnv, state: WalkState, top: DirHandle, name: string): void {
  if (top.root.readOnly) throw readOnlyError(top.childPath(name), top.root.path);
  if (env.isProtected(top, name)) throw protectedError(top.childPath(name));
  try {
    mkdirSync(top.child(name), 0o777);
  } catch (error) {
    if (errnoOf(error) !== 'EEXIST') throw ioError(error, top.childPath(name));
  }
  // Open through the parent again: whatever now sits at `name` must be a real directory.
  try {
    state.stack.push(top.openChild(name));
  } catch (error) {
    throw ioError(error, top.childPath(name));
  }
}

function followLink(env: WalkEnv, state: WalkState, top: DirHandle, name: string, shown: string): void {
  if (++state.links > maxLinks) throw ioError(Object.assign(new Error('loop'), { code: 'ELOOP' }), shown);
  let target: string;
  try {
    target = readlinkSync(top.child(name));
    top.confirm();
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw ioError(error, top.childPath(name));
  }
  if (posix.isAbsolute(target)) {
    relocate(env, state, posix.join(target, ...state.pending), shown);
    return;
  }
  state.pending.unshift(...splitPath(target));
}

function lstatEntry(dir: DirHandle, name: string, shown: string): Stats | undefined {
  try {
    const stat = lstatSync(dir.child(name));
    dir.confirm();
    return stat;
  } catch (error) {
    if (error instanceof ToolError) throw error;
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw ioError(error, shown);
  }
}
