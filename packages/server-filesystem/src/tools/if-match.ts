import { ToolError } from '@infra-mcp/core';
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import * as z from 'zod';

/** The optimistic-concurrency argument of write tools. */
export const ifMatchArg = z.string().min(1).optional().describe('expected mtime or sha256');

/**
 * Refuses the change unless the file is still as the caller last saw it:
 * `ifMatch` is the `mtime` a read returned (ISO time, compared to the
 * millisecond) or the `sha256` of its content (get_file_info gives it).
 */
export function checkIfMatch(
  ifMatch: string | undefined,
  path: string,
  stat: Stats | undefined,
  content?: Uint8Array,
): void {
  if (ifMatch === undefined) return;
  if (stat === undefined) throw conflict(path, 'it does not exist');
  if (/^[0-9a-f]{64}$/i.test(ifMatch)) {
    if (content === undefined)
      throw new ToolError(
        'INVALID_INPUT',
        'A sha256 if_match needs the file’s content, which this call does not read.',
      );
    if (createHash('sha256').update(content).digest('hex') !== ifMatch.toLowerCase())
      throw conflict(path, 'its content changed');
    return;
  }
  const expected = Date.parse(ifMatch);
  if (Number.isNaN(expected)) {
    throw new ToolError('INVALID_INPUT', `if_match ${JSON.stringify(ifMatch)} is neither an ISO time nor a sha256.`, {
      hint: 'Pass the mtime a read returned, or the sha256 from get_file_info.',
    });
  }
  if (Math.floor(stat.mtimeMs) !== expected) throw conflict(path, `it was modified at ${stat.mtime.toISOString()}`);
}

function conflict(path: string, why: string): ToolError {
  return new ToolError('CONFLICT', `${path} is not as expected: ${why}. Nothing was written.`, {
    hint: 'Read the file again, redo the change on its current content, and pass the new mtime.',
  });
}
