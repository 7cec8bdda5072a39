import { asToolError, readOnly, truncated, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { readText, type TextRead } from './read-text.js';
import { contentBudget, pathArg } from './schemas.js';

interface FileResult {
  path: string;
  end?: number;
  total?: number;
  error?: string;
  content?: string;
}

/** `read_multiple_files`: several text files in one call, sharing the budget; one failure does not fail the rest. */
export const readMultipleFilesTool = defineFsTool({
  name: 'read_multiple_files',
  title: 'Read files',
  description: 'Read up to 50 text files at once; each failure is reported per file.',
  annotations: readOnly,
  input: z.object({ paths: z.array(pathArg).min(1).max(50) }),
  output: z.object({
    files: z.array(
      z.object({
        path: z.string(),
        end: z.number().optional(),
        total: z.number().optional(),
        error: z.string().optional(),
        content: untrusted(z.string(), 'file').optional(),
      }),
    ),
  }),
  handler: async ({ paths }, context) => {
    const { sandbox, clientRoots, maxOutputBytes } = context;
    const scope = await sandbox.scope(clientRoots);
    const share = Math.max(256, Math.floor(contentBudget(maxOutputBytes) / paths.length) - 128);
    const files: FileResult[] = [];
    const cut: string[] = [];
    for (const path of paths) {
      try {
        const read = await readText(scope, path, { maxBytes: share, cancel: context });
        if (read.kind !== 'text') continue; // Only read_file returns media; readText refused it here.
        files.push(toResult(read));
        if (read.cut) cut.push(`${read.path} (continue with read_file offset ${(read.end ?? 0) + 1})`);
      } catch (error) {
        const problem = asToolError(error);
        files.push({ path, error: `${problem.code}: ${problem.message}` });
      }
    }
    if (cut.length === 0) return { files };
    return { files, truncated: truncated(`Cut to fit the size budget: ${cut.join('; ')}.`) };
  },
});

function toResult(read: TextRead): FileResult {
  return {
    path: read.path,
    ...(read.end === undefined ? {} : { end: read.end }),
    ...(read.total === undefined ? {} : { total: read.total }),
    content: read.content,
  };
}
