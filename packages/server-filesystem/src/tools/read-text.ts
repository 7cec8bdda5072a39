import { ToolError } from '@infra-mcp/core';
import { openRegularFile } from '../guard/files.js';
import type { Scope } from '../guard/sandbox.js';
import { mimeTypeOf } from '../io/mime.js';
import { readWindow, type TextWindow } from '../io/read-window.js';
import { formatSize } from '../io/format.js';

/** Which lines of a file to read. */
export interface LineRequest {
  offset?: number | undefined;
  limit?: number | undefined;
  tail?: number | undefined;
}

/** A text file's window as tools return it. */
export interface TextRead {
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

/** Reads a window of a text file inside the roots; a binary file is an error that names its type. */
export async function readText(
  scope: Scope,
  path: string,
  request: LineRequest & { maxBytes: number; signal: AbortSignal },
): Promise<TextRead> {
  if (request.tail !== undefined && (request.offset !== undefined || request.limit !== undefined)) {
    throw new ToolError('INVALID_INPUT', 'Pass either tail or offset/limit, not both.');
  }
  using target = scope.resolve(path);
  using file = openRegularFile(target);
  const window = await readWindow(file.fd, file.stat.size, {
    ...(request.offset === undefined ? {} : { offset: request.offset }),
    ...(request.limit === undefined ? {} : { limit: request.limit }),
    ...(request.tail === undefined ? {} : { tail: request.tail }),
    maxBytes: request.maxBytes,
    signal: request.signal,
  });
  if (window.kind === 'binary') {
    const mime = mimeTypeOf(target.name, window.head, true);
    throw new ToolError('INVALID_INPUT', `${target.path} is binary (${mime}, ${formatSize(file.stat.size)}).`, {
      hint: 'Use read_media_file for images and audio, or get_file_info for its metadata.',
    });
  }
  return toTextRead(target.path, file.stat.mtime, window);
}

function toTextRead(path: string, mtime: Date, window: TextWindow): TextRead {
  return {
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
