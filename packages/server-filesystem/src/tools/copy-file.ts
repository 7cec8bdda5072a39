import { write, ToolError } from '@infra-mcp/core';
import { unlinkSync } from 'node:fs';
import { posix } from 'node:path';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { hardLinkError } from '../guard/errors.js';
import { checkRegular, writeFileAtomic } from '../guard/files.js';
import type { Scope, Target } from '../guard/sandbox.js';
import { copyFileContent, copyTree, emptyCounts, refuseRoot, removeTree, type TreeCounts } from '../io/tree-ops.js';
import { pathArg } from './schemas.js';

/** `copy_file`: copy a file or a directory tree; links are copied as links, never followed out. */
export const copyFileTool = defineFsTool({
  name: 'copy_file',
  title: 'Copy',
  description: 'Copy a file or dir tree (links stay links); fails if destination exists unless overwrite (files only).',
  annotations: write,
  input: z.object({ source: pathArg, destination: pathArg, overwrite: z.boolean().optional() }),
  output: z.object({
    source: z.string(),
    destination: z.string(),
    files: z.number(),
    dirs: z.number(),
    links: z.number(),
    skipped: z.number(),
  }),
  classify: (input) => (input.overwrite ? 'destructive' : 'write'),
  summarize: (input) =>
    `Copy ${input.source} to ${input.destination}${input.overwrite ? ', replacing the destination file if it exists' : ''}`,
  handler: async (input, { sandbox, clientRoots, history, signal }) => {
    const scope = await sandbox.scope(clientRoots);
    using source = scope.resolve(input.source);
    const sourceStat = source.existing();
    using destination = scope.resolve(input.destination, { write: true, follow: false, mkdirs: true });
    if (destination.isRoot) refuseRoot(destination.path, 'replace');
    if (
      destination.stat !== undefined &&
      (!input.overwrite || sourceStat.isDirectory() || destination.stat.isDirectory())
    ) {
      throw new ToolError('CONFLICT', `${destination.path} already exists.`, {
        hint: input.overwrite
          ? 'overwrite replaces a file with a file; remove the directory first or choose another destination.'
          : 'Choose another destination, or pass overwrite: true to replace the file (needs destructive mode).',
      });
    }
    const counts = emptyCounts();
    if (sourceStat.isDirectory()) {
      if (source.isRoot) refuseRoot(source.path, 'copy');
      refuseCopyIntoItself(source, destination);
      await copyTreeOrNothing(scope, source, destination, counts, signal);
    } else copyOneFile(source, destination, counts);
    await history.record(`copied ${source.path} to ${destination.path}`, { ...counts });
    return { source: source.path, destination: destination.path, ...counts };
  },
});

function refuseCopyIntoItself(source: Target, destination: Target): void {
  const from = posix.join(source.dir.realPath, source.name);
  const to = posix.join(destination.dir.realPath, destination.name);
  if (to === from || to.startsWith(`${from}/`)) {
    throw new ToolError(
      'INVALID_INPUT',
      `${destination.path} is inside ${source.path}; a directory cannot be copied into itself.`,
    );
  }
}

function copyOneFile(source: Target, destination: Target, counts: TreeCounts): void {
  checkRegular(source.existing(), source);
  let outcome: 'copied' | 'skipped' = 'skipped';
  writeFileAtomic(
    destination,
    (fd) => {
      outcome = copyFileContent(source.dir, source.name, fd);
    },
    {
      exclusive: destination.stat === undefined,
      ...(destination.stat === undefined ? {} : { replacing: destination.stat }),
    },
  );
  if (outcome === 'skipped') throw hardLinkError(source.path, source.root.path);
  counts.files++;
}

/** Copies a directory tree; if the copy fails part-way, what was copied is removed again. */
async function copyTreeOrNothing(
  scope: Scope,
  source: Target,
  destination: Target,
  counts: TreeCounts,
  signal: AbortSignal,
) {
  try {
    await copyTree(scope, source.dir, destination.dir, { from: source.name, to: destination.name }, counts, signal);
  } catch (error) {
    // Only a tree this call created is removed (counts.dirs counts it from its mkdir on).
    if (counts.dirs > 0)
      await removeTree(destination.dir, destination.name, emptyCounts(), AbortSignal.timeout(60_000)).catch(
        () => undefined,
      );
    throw error;
  }
}

/** Completes a move across filesystems: copy, then remove the source. */
export async function copyMoved(scope: Scope, source: Target, destination: Target, signal: AbortSignal): Promise<void> {
  const stat = source.existing();
  const counts = emptyCounts();
  if (stat.isDirectory()) {
    await copyTreeOrNothing(scope, source, destination, counts, signal);
    if (counts.skipped > 0) {
      // Nothing half-applied: the partial copy goes, the source stays.
      await removeTree(destination.dir, destination.name, emptyCounts(), signal);
      throw new ToolError(
        'CONFLICT',
        `${source.path} is on another filesystem than ${destination.path} and ${counts.skipped} of its entries cannot be copied (links leading outside, hard-linked or special files); nothing was moved.`,
      );
    }
    await removeTree(source.dir, source.name, emptyCounts(), signal);
    return;
  }
  if (stat.isSymbolicLink())
    throw new ToolError(
      'INVALID_INPUT',
      `${source.path} is a link on another filesystem than ${destination.path}; move its target instead.`,
    );
  copyOneFile(source, destination, counts);
  unlinkSync(source.syscallPath);
}
