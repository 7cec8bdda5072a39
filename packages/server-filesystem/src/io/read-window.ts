import { ToolError } from '@infra-mcp/core';
import { readSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { collect, finishWindow, LineScan, type Collector } from './line-window.js';
import { byteLines, decodeText, sniff, sniffBytes, type Codec } from './text-codec.js';

/** Which lines to read: a window from `offset`, or the last `tail` lines; both capped by `maxBytes`. */
export interface WindowRequest {
  /** First line, 1-based. */
  offset?: number | undefined;
  /** Most lines to return. */
  limit?: number | undefined;
  /** Return the last N lines instead. */
  tail?: number | undefined;
  /** Byte budget of the returned content (as JSON). */
  maxBytes: number;
  /**
   * What stops a long read: its `signal` is looked at only between chunks, so
   * a small file is read without the call ever making one (core makes a
   * call's signal on first look).
   */
  cancel: { readonly signal: AbortSignal };
}

/** A window of a text file's lines. */
export interface TextWindow {
  kind: 'text';
  content: string;
  /** First and last line returned (1-based); unknown for the tail of a very large file. */
  start?: number;
  end?: number;
  /** Lines in the file, when it was small enough to count them all. */
  total?: number;
  /** Lines after `end` exist. */
  more: boolean;
  /** The budget ended the window before `limit` lines (or cut a single long line). */
  cut: boolean;
  codec: Codec;
  crlf: boolean;
}

/** What a read found: text, or binary (with the bytes sniffed, for a MIME type). */
export type WindowResult = TextWindow | { kind: 'binary'; head: Uint8Array };

const chunkBytes = 64 * 1024;
/** Files up to this size get their lines counted, so the result can say "lines a–b of N". */
const countAllBytes = 16 * 1024 * 1024;
/** UTF-16 files are decoded whole; larger ones are refused rather than loaded. */
const maxUtf16Bytes = 16 * 1024 * 1024;
const yieldEveryBytes = 8 * 1024 * 1024;

/**
 * Reads a window of lines from an open file, streaming: only the window's
 * bytes are kept, so a line range of a 1 GiB log costs a 64 KiB buffer. The
 * tail of a file is read backwards from its end.
 */
export async function readWindow(fd: number, size: number, request: WindowRequest): Promise<WindowResult> {
  // The first bytes land in a shared scratch buffer: a small file is decoded from it before
  // anything else can run, and only the other paths copy it out.
  const sample = readInto(scratch, fd, Math.min(size, sniffBytes));
  const sniffed = sniff(sample, sample.length === size);
  if (sniffed.kind === 'text' && sample.length === size && byteLines(sniffed.codec) && wholeFileFits(request, size)) {
    const window = wholeFile(sample, sniffed.codec);
    if (window !== undefined) return window;
  }
  const head = Buffer.from(sample);
  if (sniffed.kind === 'binary') return { kind: 'binary', head };
  const { codec } = sniffed;
  if (!byteLines(codec)) return windowOfDecoded(fd, size, codec, request);
  if (request.tail !== undefined && size > countAllBytes) return tailOfLargeFile(fd, size, codec, request);
  return forwardWindow(fd, size, codec, request, head.length === size ? head : undefined);
}

const scratch = Buffer.allocUnsafeSlow(sniffBytes);

function readInto(buffer: Buffer, fd: number, length: number): Buffer {
  let read = 0;
  while (read < length) {
    const got = readSync(fd, buffer, read, length - read, read);
    if (got === 0) break;
    read += got;
  }
  return buffer.subarray(0, read);
}

/** A whole small file needs no line window: even all-escapes JSON of it stays inside the budget. */
function wholeFileFits(request: WindowRequest, size: number): boolean {
  return (
    request.offset === undefined &&
    request.limit === undefined &&
    request.tail === undefined &&
    size * 6 <= request.maxBytes
  );
}

/** The common case, decoded in one pass; `undefined` for a CRLF file, which the line path handles. */
function wholeFile(bytes: Buffer, codec: Codec): TextWindow | undefined {
  const text = decodeText(bytes.subarray(codec.bom), codec.encoding);
  if (text.includes('\r')) return undefined;
  const content = text.endsWith('\n') ? text.slice(0, -1) : text;
  let total = content === '' && text === '' ? 0 : 1;
  for (let index = content.indexOf('\n'); index !== -1; index = content.indexOf('\n', index + 1)) total++;
  return { kind: 'text', content, start: 1, end: total, total, more: false, cut: false, codec, crlf: false };
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const got = readSync(fd, buffer, read, length - read, position + read);
    if (got === 0) break;
    read += got;
  }
  return buffer.subarray(0, read);
}

async function forwardWindow(
  fd: number,
  size: number,
  codec: Codec,
  request: WindowRequest,
  whole?: Buffer,
): Promise<TextWindow> {
  const countAll = size <= countAllBytes;
  const start =
    request.tail === undefined
      ? (request.offset ?? 1)
      : Math.max(1, (await countLines(fd, size, codec.bom, request.cancel)) - request.tail + 1);
  const last = request.limit === undefined ? Number.POSITIVE_INFINITY : start + request.limit - 1;
  const scan = new LineScan(start, last, { lines: [], bytes: 0, cut: false }, request.maxBytes);
  let position = codec.bom;
  let yielded = position;
  while (position < size && !(scan.more && !countAll)) {
    // A small file was read whole by the sniff; it is not read twice.
    const chunk =
      whole !== undefined && position === codec.bom
        ? whole.subarray(codec.bom)
        : readAt(fd, position, Math.min(chunkBytes, size - position));
    if (chunk.length === 0) break;
    position += chunk.length;
    scan.feed(chunk);
    if (position - yielded >= yieldEveryBytes) {
      yielded = position;
      await pause(request.cancel);
    }
  }
  const atEnd = position >= size;
  const lines = scan.finish();
  const total = atEnd ? lines : undefined;
  if (total !== undefined && start > Math.max(total, 1)) {
    throw new ToolError('INVALID_INPUT', `The file has ${total} lines; offset ${start} is past its end.`);
  }
  return finishWindow(scan.collector, { start, codec, total, more: scan.more, maxBytes: request.maxBytes });
}

async function countLines(fd: number, size: number, from: number, cancel: WindowRequest['cancel']): Promise<number> {
  let lines = 0;
  let position = from;
  let yielded = from;
  let lastByte = 10;
  while (position < size) {
    const chunk = readAt(fd, position, Math.min(chunkBytes, size - position));
    if (chunk.length === 0) break;
    for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines++;
    lastByte = chunk[chunk.length - 1]!;
    position += chunk.length;
    if (position - yielded >= yieldEveryBytes) {
      yielded = position;
      await pause(cancel);
    }
  }
  return lastByte === 10 ? lines : lines + 1;
}

async function tailOfLargeFile(fd: number, size: number, codec: Codec, request: WindowRequest): Promise<TextWindow> {
  const wanted = request.tail ?? 0;
  const pieces: Buffer[] = [];
  let position = size;
  let newlines = 0;
  let bytes = 0;
  // One newline more than lines wanted marks where the first wanted line starts; a trailing newline ends the last line.
  const trailingNewline = readAt(fd, size - 1, 1)[0] === 10;
  const needed = wanted + (trailingNewline ? 1 : 0);
  while (position > codec.bom && newlines < needed && bytes <= request.maxBytes * 2) {
    const length = Math.min(chunkBytes, position - codec.bom);
    position -= length;
    const chunk = readAt(fd, position, length);
    pieces.unshift(chunk);
    bytes += chunk.length;
    for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) newlines++;
    await pause(request.cancel);
  }
  const text = Buffer.concat(pieces);
  const all = splitLines(trailingNewline ? text.subarray(0, text.length - 1) : text);
  const lines = all.slice(Math.max(0, all.length - wanted));
  const collector: Collector = { lines: [], bytes: 0, cut: false };
  // Keep the end of the file when the budget cannot hold every wanted line.
  const kept: Buffer[] = [];
  let used = 0;
  for (let index = lines.length - 1; index >= 0; index--) {
    const cost = lines[index]!.length + 2;
    if (used + cost > request.maxBytes) {
      collector.cut = true;
      break;
    }
    kept.unshift(lines[index]!);
    used += cost;
  }
  collector.lines = kept;
  collector.bytes = used;
  const window = finishWindow(collector, {
    start: 0,
    codec,
    total: undefined,
    more: false,
    maxBytes: request.maxBytes,
  });
  return Object.assign({}, window, { start: undefined, end: undefined, more: false });
}

function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let from = 0;
  for (let index = bytes.indexOf(10); index !== -1; index = bytes.indexOf(10, from)) {
    lines.push(bytes.subarray(from, index));
    from = index + 1;
  }
  lines.push(bytes.subarray(from));
  return lines;
}

async function windowOfDecoded(fd: number, size: number, codec: Codec, request: WindowRequest): Promise<TextWindow> {
  if (size > maxUtf16Bytes) {
    throw new ToolError(
      'INVALID_INPUT',
      `This ${codec.encoding} file is over 16 MiB; only UTF-8 and Latin-1 files that large can be read in windows.`,
    );
  }
  const lines = decodeText(readAt(fd, codec.bom, size - codec.bom), codec.encoding).split('\n');
  if (lines.at(-1) === '') lines.pop();
  const total = lines.length;
  const start = request.tail !== undefined ? Math.max(1, total - request.tail + 1) : (request.offset ?? 1);
  const last = Math.min(total, request.limit === undefined ? total : start + request.limit - 1);
  const collector: Collector = { lines: [], bytes: 0, cut: false };
  for (let line = start; line <= last; line++) {
    if (!collect(collector, Buffer.from(lines[line - 1]!), request.maxBytes)) break;
  }
  const utf8 = { encoding: 'utf8', bom: 0 } as const;
  const window = finishWindow(collector, { start, codec: utf8, total, more: last < total, maxBytes: request.maxBytes });
  return Object.assign({}, window, { codec, more: window.more || collector.cut });
}

async function pause(cancel: WindowRequest['cancel']): Promise<void> {
  await yieldToLoop();
  cancel.signal.throwIfAborted();
}
