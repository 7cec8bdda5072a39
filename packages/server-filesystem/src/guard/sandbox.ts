import { ToolError } from '@infra-mcp/core';
import { realpathSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import type { RootConfig } from '../config.js';
import { detectPathMode, DirHandle, openRootDir, type PathMode } from './dir-handle.js';
import { errnoOf, ioError, notFoundError, outsideError, protectedError, readOnlyError } from './errors.js';
import { toAbsolutePath } from './path-input.js';
import { locate, narrowRoots, realPathOf, rootsFromConfig, type Root } from './roots.js';
import { walk, type WalkEnv } from './walk.js';

/** How a tool means to use a path. */
export interface ResolveOptions {
  /** The call will change the entry: refused in a read-only root. */
  write?: boolean;
  /** Follow a symlink in the last component (inside the roots only). Default true. */
  follow?: boolean;
  /** Create missing parent directories (implies `write`). */
  mkdirs?: boolean;
}

/** A resolved path: the open directory that holds the entry, and the entry's name and `lstat`. */
export class Target implements Disposable {
  private opened: DirHandle | undefined;

  constructor(
    readonly dir: DirHandle,
    /** The entry's name in `dir`; `''` when the target is the root itself. */
    readonly name: string,
    readonly stat: Stats | undefined,
  ) {}

  /** The root the entry lies in (after following links). */
  get root(): Root {
    return this.dir.root;
  }

  /** The absolute path shown to the model. */
  get path(): string {
    return this.name === '' ? this.dir.path : this.dir.childPath(this.name);
  }

  /** The path to pass to syscalls acting on the entry (through the parent's descriptor). */
  get syscallPath(): string {
    return this.name === '' ? this.dir.self() : this.dir.child(this.name);
  }

  /** The target is an allowed root itself. */
  get isRoot(): boolean {
    return this.name === '';
  }

  /** Throws NOT_FOUND unless the entry exists, returning its `lstat`. */
  existing(): Stats {
    if (this.name === '') return this.dir.stat();
    if (this.stat === undefined) throw notFoundError(this.path);
    return this.stat;
  }

  /**
   * The entry as an open directory: the root itself, or the child opened
   * through its parent with O_NOFOLLOW. Closed with the target.
   */
  directory(): DirHandle {
    if (this.name === '') return this.dir;
    if (this.opened !== undefined) return this.opened;
    try {
      this.opened = this.dir.openChild(this.name);
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'ENOTDIR' || code === 'ELOOP') {
        throw new ToolError('INVALID_INPUT', `${this.path} is not a directory.`, {
          hint: 'Use read_file or get_file_info for files.',
        });
      }
      throw ioError(error, this.path);
    }
    return this.opened;
  }

  [Symbol.dispose](): void {
    this.opened?.close();
    this.dir.close();
  }
}

/** Settings of the guard. */
export interface SandboxOptions {
  roots: readonly RootConfig[];
  /** Directories never served even inside a root (the server's data directory). */
  protectedPaths?: readonly string[];
  /** Force the portable path mode (tests exercise it on Linux). */
  pathMode?: PathMode;
}

/**
 * The one chokepoint between tools and the filesystem: every path a tool
 * touches is resolved here, inside the allowed roots, with per-root
 * read-only enforced and the server's own data directory kept out.
 */
export class Sandbox {
  readonly configured: readonly Root[];
  private readonly protectedPaths: readonly string[];
  private readonly pathMode: PathMode | undefined;
  /** Real paths of the protected directories; one that does not exist yet is looked up again after a while. */
  private readonly protectedReal = new Map<string, { real?: string; checkedAt: number }>();
  private readonly narrowed = new WeakMap<readonly string[], readonly Root[]>();

  constructor(options: SandboxOptions) {
    this.configured = rootsFromConfig(options.roots);
    this.protectedPaths = options.protectedPaths ?? [];
    this.pathMode = options.pathMode;
  }

  /** The roots in force for a call, narrowed by the client's MCP roots when it declared any. */
  async scope(clientRoots: () => Promise<readonly string[] | undefined>): Promise<Scope> {
    const client = await clientRoots();
    if (client === undefined) return new Scope(this, this.configured);
    let roots = this.narrowed.get(client);
    if (roots === undefined) {
      roots = narrowRoots(this.configured, client);
      this.narrowed.set(client, roots);
    }
    return new Scope(this, roots);
  }

  /** The path mode in force. */
  mode(): PathMode {
    return this.pathMode ?? detectPathMode();
  }

  /** Whether a real path is the server's own data directory or inside it (and not inside a root within it). */
  isProtected(realPath: string, root: Root): boolean {
    const rootReal = realPathOf(root);
    return this.protectedPaths.some((path) => {
      const dir = this.protectedRealPath(path);
      return isWithin(realPath, dir) && !isWithin(rootReal, dir);
    });
  }

  /** Whether the server's data directory lies inside a real path (so deleting or moving it would take it along). */
  containsProtected(realPath: string): boolean {
    return this.protectedPaths.some((path) => isWithin(this.protectedRealPath(path), realPath));
  }

  private protectedRealPath(path: string): string {
    const known = this.protectedReal.get(path);
    if (known?.real !== undefined) return known.real;
    if (known !== undefined && Date.now() - known.checkedAt < 10_000) return posix.resolve(path);
    try {
      const real = realpathSync.native(path);
      this.protectedReal.set(path, { real, checkedAt: Date.now() });
      return real;
    } catch {
      this.protectedReal.set(path, { checkedAt: Date.now() });
      return posix.resolve(path);
    }
  }
}

function isWithin(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** The allowed roots of one call. */
export class Scope implements WalkEnv {
  constructor(
    private readonly sandbox: Sandbox,
    readonly roots: readonly Root[],
  ) {}

  /** Resolves a path the model passed to an open target inside the roots, or throws a ToolError. */
  resolve(input: string, options: ResolveOptions = {}): Target {
    const first = this.roots[0];
    if (first === undefined) {
      throw new ToolError(
        'FORBIDDEN',
        'None of the client’s roots lie inside the directories this server may access.',
        {
          hint: 'Add a root inside one of the server’s directories in the client, or ask the operator to allow it.',
        },
      );
    }
    const absolute = toAbsolutePath(input, first.path);
    const located = locate(this.roots, absolute);
    if (located === undefined) throw outsideError(absolute);
    const walked = walk(this, located, absolute, {
      follow: options.follow ?? true,
      mkdirs: options.mkdirs === true,
    });
    const target = new Target(walked.dir, walked.name, walked.stat);
    try {
      const real = walked.name === '' ? walked.dir.realPath : posix.join(walked.dir.realPath, walked.name);
      if (this.sandbox.isProtected(real, target.root)) throw protectedError(target.path);
      if ((options.write === true || options.mkdirs === true) && target.root.readOnly)
        throw readOnlyError(target.path, target.root.path);
    } catch (error) {
      target[Symbol.dispose]();
      throw error;
    }
    return target;
  }

  /** Refuses to delete or move an entry that contains the server's own data directory. */
  refuseIfContainsProtected(target: Target, verb: string): void {
    const real = target.name === '' ? target.dir.realPath : posix.join(target.dir.realPath, target.name);
    if (this.sandbox.containsProtected(real)) {
      throw new ToolError(
        'FORBIDDEN',
        `${target.path} contains the server's own data directory; this server does not ${verb} it.`,
      );
    }
  }

  /** Whether a directory met during a walk (tree, search) is the server's own data directory. */
  isProtected(dir: DirHandle, name: string): boolean {
    return this.sandbox.isProtected(posix.join(dir.realPath, name), dir.root);
  }

  openRoot(root: Root): DirHandle {
    if (root.within === undefined) {
      try {
        return openRootDir(root, realPathOf(root), this.sandbox.mode());
      } catch (error) {
        throw ioError(error, root.path);
      }
    }
    // A client root inside a configured one: reach it by a guarded walk from that root.
    const { dir, name } = walk(
      {
        roots: [root.within.root],
        openRoot: (base) => this.openRoot(base),
        realPath: realPathOf,
        isProtected: (dir, name) => this.isProtected(dir, name),
      },
      root.within,
      root.path,
      { follow: true },
    );
    try {
      const inner = name === '' ? dir : dir.openChild(name);
      const handle = new DirHandle(inner.fd, root, [], inner.realPath, inner.mode);
      if (inner !== dir) dir.close();
      return handle;
    } catch (error) {
      dir.close();
      throw ioError(error, root.path);
    }
  }

  realPath(root: Root): string {
    return realPathOf(root);
  }
}
