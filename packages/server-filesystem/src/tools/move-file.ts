import { write, ToolError } from '@infra-mcp/core';
import { linkSync, renameSync, unlinkSync } from 'node:fs';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { errnoOf, ioError } from '../guard/errors.js';
import type { Target } from '../guard/sandbox.js';
import { copyMoved } from './copy-file.js';
import { refuseRoot } from '../io/tree-ops.js';
import { pathArg } from './schemas.js';

/** `move_file`: rename or move a file, directory or link; replacing an existing destination is destructive. */
export const moveFileTool = defineFsTool({
  name: 'move_file',
  title: 'Move or rename',
  description: 'Move or rename a file, dir or link; fails if destination exists unless overwrite (files only).',
  annotations: write,
  input: z.object({ source: pathArg, destination: pathArg, overwrite: z.boolean().optional() }),
  output: z.object({ source: z.string(), destination: z.string(), replaced: z.boolean() }),
  classify: (input) => (input.overwrite ? 'destructive' : 'write'),
  summarize: (input) =>
    `Move ${input.source} to ${input.destination}${input.overwrite ? ', replacing the destination if it exists' : ''}`,
  handler: async (input, { sandbox, clientRoots, history, signal }) => {
    const scope = await sandbox.scope(clientRoots);
    using source = scope.resolve(input.source, { write: true, follow: false });
    if (source.isRoot) refuseRoot(source.path, 'move');
    scope.refuseIfContainsProtected(source, 'move');
    const sourceStat = source.existing();
    using destination = scope.resolve(input.destination, { write: true, follow: false, mkdirs: true });
    if (destination.isRoot) refuseRoot(destination.path, 'replace');
    const replaced = destination.stat !== undefined;
    if (replaced) checkReplaceable(input.overwrite === true, destination);
    try {
      if (replaced || sourceStat.isDirectory()) renameSync(source.syscallPath, destination.syscallPath);
      else moveWithoutReplacing(source, destination);
    } catch (error) {
      if (errnoOf(error) !== 'EXDEV') throw moveError(error, source, destination);
      await copyMoved(scope, source, destination, signal);
    }
    await history.record(`moved ${source.path} to ${destination.path}`, { replaced });
    return { source: source.path, destination: destination.path, replaced };
  },
});

function checkReplaceable(overwrite: boolean, destination: Target): void {
  if (!overwrite) {
    throw new ToolError('CONFLICT', `${destination.path} already exists.`, {
      hint: 'Choose another destination, or pass overwrite: true to replace it (needs destructive mode).',
    });
  }
  if (destination.stat?.isDirectory() === true) {
    throw new ToolError('CONFLICT', `${destination.path} is a directory; move_file never replaces a directory.`, {
      hint: 'Name the full destination path inside it.',
    });
  }
}

/** A file or link moved with link + unlink, which fails rather than replacing an entry created meanwhile. */
function moveWithoutReplacing(source: Target, destination: Target): void {
  try {
    linkSync(source.syscallPath, destination.syscallPath);
  } catch (error) {
    // A filesystem without hard links (FAT, some network mounts): rename, the destination was checked absent.
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK'].includes(errnoOf(error) ?? '')) throw error;
    renameSync(source.syscallPath, destination.syscallPath);
    return;
  }
  unlinkSync(source.syscallPath);
}

function moveError(error: unknown, source: Target, destination: Target): ToolError {
  const code = errnoOf(error);
  if (code === 'EINVAL') return new ToolError('INVALID_INPUT', `${source.path} cannot be moved into itself.`);
  if (code === 'EEXIST' || code === 'ENOTEMPTY')
    return ioError(Object.assign(new Error(), { code: 'EEXIST' }), destination.path);
  return ioError(error, code === 'ENOENT' ? source.path : destination.path);
}
