import { write, ToolError } from '@infra-mcp/core';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { appendToFile, checkRegular, openRegularFile, readWholeFile, writeFileAtomic } from '../guard/files.js';
import type { Target } from '../guard/sandbox.js';
import { checkIfMatch, ifMatchArg } from './if-match.js';
import { pathArg } from './schemas.js';

/** `write_file`: create, overwrite or append, atomically, keeping the file's permissions. */
export const writeFileTool = defineFsTool({
  name: 'write_file',
  title: 'Write file',
  description: 'Write a UTF-8 file atomically: overwrite (default), create (fails if it exists) or append.',
  annotations: write,
  input: z.object({
    path: pathArg,
    content: z.string(),
    mode: z.enum(['overwrite', 'create', 'append']).default('overwrite'),
    if_match: ifMatchArg,
  }),
  output: z.object({ path: z.string(), bytes: z.number(), created: z.boolean(), mtime: z.string() }),
  handler: async (input, { sandbox, clientRoots, history }) => {
    const scope = await sandbox.scope(clientRoots);
    using target = scope.resolve(input.path, input.mode === 'append' ? { write: true } : { mkdirs: true });
    if (target.isRoot || target.stat?.isDirectory() === true)
      throw new ToolError('INVALID_INPUT', `${target.path} is a directory.`, { hint: 'Name a file inside it.' });
    const data = Buffer.from(input.content, 'utf8');
    const existed = target.stat !== undefined;
    if (existed && input.mode === 'create') {
      throw new ToolError('CONFLICT', `${target.path} already exists.`, {
        hint: 'Use mode overwrite to replace it, or edit_file to change it.',
      });
    }
    if (existed)
      checkIfMatch(
        input.if_match,
        target.path,
        target.stat,
        input.if_match?.length === 64 ? readAll(target) : undefined,
      );
    else checkIfMatch(input.if_match, target.path, undefined);
    const stat = writeTo(target, data, input.mode);
    await history.record(
      `${input.mode === 'append' ? 'appended to' : existed ? 'overwrote' : 'created'} ${target.path}`,
      {
        bytes: data.length,
      },
    );
    return { path: target.path, bytes: data.length, created: !existed, mtime: stat.mtime.toISOString() };
  },
});

function writeTo(target: Target, data: Buffer, mode: 'overwrite' | 'create' | 'append') {
  if (target.stat === undefined) return writeFileAtomic(target, data, { exclusive: true });
  if (mode === 'append') return appendToFile(target, data);
  // Check what is being replaced (a regular file with one link) before replacing it.
  if (!target.stat.isSymbolicLink()) checkRegular(target.stat, target);
  return writeFileAtomic(target, data, { exclusive: false, replacing: target.stat });
}

function readAll(target: Target): Buffer {
  using file = openRegularFile(target);
  return readWholeFile(file);
}
