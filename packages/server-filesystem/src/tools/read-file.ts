import { readOnly, truncated } from '@infra-mcp/core';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { describeLines, readText } from './read-text.js';
import { contentBudget, lineCount, pathArg } from './schemas.js';

/** `read_file`: a text file, whole or a window of lines, streamed and capped. */
export const readFileTool = defineFsTool({
  name: 'read_file',
  title: 'Read file',
  description: 'Read a text file: whole, offset/limit lines, or the last tail lines. Reports lines start–end of total.',
  annotations: readOnly,
  input: z.object({
    path: pathArg,
    offset: lineCount.optional().describe('first line, 1-based'),
    limit: lineCount.optional().describe('max lines'),
    tail: lineCount.optional().describe('last N lines'),
  }),
  output: z.object({
    path: z.string(),
    start: z.number().optional(),
    end: z.number().optional(),
    total: z.number().optional(),
    mtime: z.string(),
    encoding: z.string().optional(),
    eol: z.string().optional(),
    content: z.string(),
  }),
  handler: async (input, { sandbox, clientRoots, maxOutputBytes, signal }) => {
    const scope = await sandbox.scope(clientRoots);
    const {
      cut,
      more: _more,
      ...read
    } = await readText(scope, input.path, {
      ...input,
      maxBytes: contentBudget(maxOutputBytes),
      signal,
    });
    if (!cut) return read;
    const shown = describeLines({ ...read, cut, more: true });
    if (read.start === undefined || read.end === undefined)
      return { ...read, truncated: truncated(`Showing ${shown}; the size budget ended the read.`) };
    const remaining = input.limit === undefined ? undefined : input.limit - (read.end - read.start + 1);
    const next = { path: input.path, offset: read.end + 1, ...(remaining === undefined ? {} : { limit: remaining }) };
    return { ...read, truncated: truncated(`Showing ${shown}; the size budget ended the read.`, next) };
  },
});
