import { realpathSync } from 'node:fs';
import { posix } from 'node:path';
import type { RootConfig } from '../config.js';

/** An allowed directory as the guard uses it. */
export interface Root {
  /** Absolute path as configured (or as the client named it), the form shown to the model. */
  readonly path: string;
  readonly readOnly: boolean;
  readonly allowHardLinks: boolean;
  /** For a client root that narrows a configured one: that configured root and the components down to it. */
  readonly within?: { readonly root: Root; readonly parts: readonly string[] };
}

/** Where a lexical absolute path lands: a root and the components below it. */
export interface Located {
  readonly root: Root;
  readonly parts: readonly string[];
}

// Keyed by the root object: each server's roots resolve once, and a discarded server's entries go with it.
const realPaths = new WeakMap<Root, string>();

/**
 * The real path of a configured root, resolved once: an operator's root is
 * trusted as configured (a symlinked `/tmp` on macOS is fine), and resolving
 * it on every call would cost a syscall per component.
 */
export function realPathOf(root: Root): string {
  if (root.within !== undefined) return posix.join(realPathOf(root.within.root), ...root.within.parts);
  let real = realPaths.get(root);
  if (real === undefined) {
    try {
      real = realpathSync.native(root.path);
    } catch {
      real = root.path;
    }
    realPaths.set(root, real);
  }
  return real;
}

/** The configured roots as guard roots. */
export function rootsFromConfig(configs: readonly RootConfig[]): Root[] {
  return configs.map((config) => ({
    path: posix.resolve(config.path),
    readOnly: config.readOnly,
    allowHardLinks: config.allowHardLinks === true,
  }));
}

function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** Splits a normalized absolute path into its components. */
export function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part !== '' && part !== '.');
}

function below(path: string, prefix: string): string[] | undefined {
  if (path === prefix) return [];
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return path.startsWith(base) ? splitPath(path.slice(base.length)) : undefined;
}

/**
 * Finds the root a normalized absolute path lies in, by the configured path or
 * the root's real path, preferring the deepest root. Matching is by whole
 * components, so `/data-evil` never matches the root `/data`.
 */
export function locate(roots: readonly Root[], path: string): Located | undefined {
  let best: Located | undefined;
  let bestDepth = -1;
  for (const root of roots) {
    for (const form of root.path === realPathOf(root) ? [root.path] : [root.path, realPathOf(root)]) {
      const parts = below(path, form);
      const depth = splitPath(form).length;
      if (parts !== undefined && depth > bestDepth) {
        best = { root, parts };
        bestDepth = depth;
      }
    }
  }
  return best;
}

/**
 * Narrows the configured roots to the client's MCP roots: a client root
 * inside a configured root becomes a root of its own (with that root's
 * flags); a client root containing a configured root keeps the configured
 * one. Configured roots are the ceiling, client roots only narrow.
 */
export function narrowRoots(configured: readonly Root[], clientPaths: readonly string[]): Root[] {
  const result: Root[] = [];
  for (const raw of clientPaths) {
    const path = posix.resolve(raw);
    // A client may name its workspace through a symlink; only where it really is counts.
    const inside = locate(configured, realOrSelf(path)) ?? locate(configured, path);
    if (inside !== undefined) {
      const narrowed: Root =
        inside.parts.length === 0
          ? inside.root
          : {
              path,
              readOnly: inside.root.readOnly,
              allowHardLinks: inside.root.allowHardLinks,
              within: inside,
            };
      if (!result.includes(narrowed)) result.push(narrowed);
      continue;
    }
    for (const root of configured) {
      if (below(root.path, path) !== undefined && !result.includes(root)) result.push(root);
    }
  }
  return result;
}
