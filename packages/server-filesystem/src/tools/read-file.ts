import { audioContent, embeddedResource, imageContent, readOnly, truncated, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { describeLines, readText, type TextRead } from './read-text.js';
import { contentBudget, lineCount, pathArg } from './schemas.js';

/** `read_file`: a text file whole or a window of its lines, streamed and capped; an image or audio file as media. */
export const readFileTool = defineFsTool({
  name: 'read_file',
  title: 'Read file',
  description:
    'Read a text file whole or by lines (offset/limit, tail), with start–end of total; images and audio come as media.',
  annotations: readOnly,
  input: z.object({
    path: pathArg,
    offset: lineCount.optional().describe('first line'),
    limit: lineCount.optional().describe('max lines'),
    tail: lineCount.optional().describe('last N lines'),
  }),
  output: z.object({
    path: z.string(),
    start: z.number().optional(),
    end: z.number().optional(),
    total: z.number().optional(),
    mtime: z.string().optional(),
    encoding: z.string().optional(),
    eol: z.string().optional(),
    mimeType: z.string().optional(),
    size: z.number().optional(),
    content: untrusted(z.string(), 'file').optional(),
    image: imageContent.optional(),
    audio: audioContent.optional(),
    resource: embeddedResource.optional(),
  }),
  handler: async (input, context) => {
    const scope = await context.sandbox.scope(context.clientRoots);
    const request = {
      offset: input.offset,
      limit: input.limit,
      tail: input.tail,
      maxBytes: contentBudget(context.maxOutputBytes),
      cancel: context,
      media: true,
    };
    const read = await readText(scope, input.path, request);
    if (read.kind === 'media') {
      const { kind: _media, ...media } = read;
      return media;
    }
    return withContinuation(read, input.path, input.limit);
  },
});

/** A text read, with the exact arguments that continue it when the budget cut it short. */
function withContinuation({ kind: _text, cut, more: _more, ...read }: TextRead, path: string, limit?: number) {
  if (!cut) return read;
  const shown = describeLines({ ...read, kind: 'text', cut, more: true });
  if (read.start === undefined || read.end === undefined)
    return { ...read, truncated: truncated(`Showing ${shown}; the size budget ended the read.`) };
  const remaining = limit === undefined ? undefined : limit - (read.end - read.start + 1);
  const next = { path, offset: read.end + 1, ...(remaining === undefined ? {} : { limit: remaining }) };
  return { ...read, truncated: truncated(`Showing ${shown}; the size budget ended the read.`, next) };
}
