import picomatch from 'picomatch';

/** Tests a relative path (and whether it is a directory) against globs. */
export type PathFilter = (rel: string, isDirectory: boolean) => boolean;

/**
 * Compiles globs into one filter. A glob without `/` matches a name at any
 * depth (`*.ts`, `node_modules`), as in `.gitignore`; one with `/` matches the
 * path relative to the search's start. Dotfiles match like any other name.
 */
export function compileGlobs(globs: readonly string[]): PathFilter | undefined {
  if (globs.length === 0) return undefined;
  const matchers = globs.map((glob) =>
    picomatch(glob.replace(/\/+$/, ''), { dot: true, basename: !glob.includes('/') }),
  );
  return (rel) => matchers.some((matches) => matches(rel));
}
