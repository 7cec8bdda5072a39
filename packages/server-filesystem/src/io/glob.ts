import type picomatch from 'picomatch';

/** Tests a relative path (and whether it is a directory) against globs. */
export type PathFilter = (rel: string, isDirectory: boolean) => boolean;

// Loaded on first use: a server that never searches does not carry the glob engine.
let engine: Promise<typeof picomatch> | undefined;

/**
 * Compiles globs into one filter. A glob without `/` matches a name at any
 * depth (`*.ts`, `node_modules`), as in `.gitignore`; one with `/` matches the
 * path relative to the search's start. Dotfiles match like any other name.
 */
export async function compileGlobs(globs: readonly string[]): Promise<PathFilter | undefined> {
  if (globs.length === 0) return undefined;
  engine ??= import('picomatch').then((module) => module.default);
  const compile = await engine;
  const matchers = globs.map((glob) => {
    const trimmed = glob.replace(/^\.\//, '').replace(/\/+$/, '');
    return compile(trimmed, { dot: true, basename: !trimmed.includes('/') });
  });
  return (rel) => matchers.some((matches) => matches(rel));
}
