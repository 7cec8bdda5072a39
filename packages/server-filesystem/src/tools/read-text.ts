import { ToolError } from '@infra-mcp/core';
import { openRegularFile } from '../guard/files.js';
import type { Scope } from '../guard/sandbox.js';
import { mimeTypeOf } from '../io/mime.js';
import { readWindow, type TextWindow, type WindowRequest } from '../io/read-window.js';
import { formatSize } from '../io/format.js';
import { readMedia, type MediaRead } from './read-media.js';

/** Which lines of a file to read. */
export interface LineRequest {
  offset?: number | undefined;
  limit?: number | undefined;
  tail?: number | undefined;
}

/** A text file's window as tools return it. */
export interface TextRead {
  kind: 'text';
  path: string;
  start?: number;
  end?: number;
  total?: number;
  mtime: string;
  encoding?: string;
  eol?: 'crlf';
  content: string;
  /** The budget ended the window early. */
  cut: boolean;
  /** Lines after `end` exist. */
  more: boolean;
}

/** What a read asks for: lines, a byte budget, and whether a binary file may come back as media. */
export interface ReadRequest extends LineRequest, Pick<WindowRequest, 'maxBytes' | 'cancel'> {
  /** Return images, audio and other binary files as media (whole, within `maxBytes`) instead of refusing them. */
  media?: boolean;
}

/** Reads a window of a text file inside the roots; a binary file is media when asked for, else an error naming its type. */
export async function readText(scope: Scope, path: string, request: ReadRequest): Promise<TextRead | MediaRead> {
  if (request.tail !== undefined && (request.offset !== undefined || request.limit !== undefined)) {
    throw new ToolError('INVALID_INPUT', 'Pass either tail or offset/limit, not both.');
  }
  using target = scope.resolve(path);
  using file = openRegularFile(target);
  const window = await readWindow(file.fd, file.stat.size, request);
  if (window.kind === 'text') return toTextRead(target.path, file.stat.mtime, window);
  const mime = mimeTypeOf(target.name, window.head, true);
  const windowed = request.offset !== undefined || request.limit !== undefined || request.tail !== undefined;
  if (request.media !== true || windowed) {
    throw new ToolError(
      'INVALID_INPUT',
      `${target.path} is binary (${mime}, ${formatSize(file.stat.size)}), so it has no lines.`,
      {
        hint: 'Read it on its own with read_file and no offset, limit or tail; get_file_info describes it.',
      },
    );
  }
  return readMedia(target.path, file, mime, request.maxBytes);
}

function toTextRead(path: string, mtime: Date, window: TextWindow): TextRead {
  return {
    kind: 'text',
    path,
    ...(window.start === undefined ? {} : { start: window.start }),
    ...(window.end === undefined ? {} : { end: window.end }),
    ...(window.total === undefined ? {} : { total: window.total }),
    mtime: mtime.toISOString(),
    ...(window.codec.encoding === 'utf8' ? {} : { encoding: window.codec.encoding }),
    ...(window.crlf ? { eol: 'crlf' as const } : {}),
    content: window.content,
    cut: window.cut,
    more: window.more,
  };
}

/** "lines 1–120 of 5000" for a notice. */
export function describeLines(read: TextRead): string {
  if (read.start === undefined || read.end === undefined) return 'the last lines that fit';
  const of = read.total === undefined ? '' : ` of ${read.total}`;
  return `lines ${read.start}–${read.end}${of}`;
}
