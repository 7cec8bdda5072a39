import type { TextWindow } from './read-window.js';
import { decodeText, type Codec } from './text-codec.js';

/** The lines kept for a window, and their estimated JSON size. */
export interface Collector {
  lines: Buffer[];
  bytes: number;
  cut: boolean;
}

/** Keeps a line if the budget allows (the first line is kept cut); returns false once the budget is spent. */
export function collect(collector: Collector, line: Buffer, budget: number): boolean {
  // JSON escapes each newline as two bytes; the exact size is checked once at the end.
  const cost = line.length + 2;
  if (collector.bytes + cost > budget) {
    if (collector.lines.length === 0) {
      collector.lines.push(line.subarray(0, Math.max(0, budget - 2)));
      collector.bytes = budget;
    }
    collector.cut = true;
    return false;
  }
  collector.lines.push(line);
  collector.bytes += cost;
  return true;
}

/**
 * Splits a stream of chunks into lines, keeping only the bytes of the lines
 * in the window (and of a partial line only while it may still be kept), so
 * a file with a gigabyte-long line costs no more memory than one with short ones.
 */
export class LineScan {
  line = 1;
  collecting = true;
  more = false;
  private partial = false;
  private carry: Buffer[] = [];
  private carryBytes = 0;

  constructor(
    private readonly start: number,
    private readonly last: number,
    readonly collector: Collector,
    private readonly maxBytes: number,
  ) {}

  feed(chunk: Buffer): void {
    let from = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, from)) {
      this.endLine(chunk.subarray(from, newline));
      from = newline + 1;
    }
    if (from === chunk.length) return;
    this.partial = true;
    if (this.wanted() && this.carryBytes <= this.maxBytes) {
      this.carry.push(chunk.subarray(from));
      this.carryBytes += chunk.length - from;
    }
  }

  /** Ends the stream; returns the number of lines in it. */
  finish(): number {
    if (this.partial) this.endLine(Buffer.alloc(0));
    return this.line - 1;
  }

  private wanted(): boolean {
    return this.collecting && this.line >= this.start && this.line <= this.last;
  }

  private endLine(piece: Buffer): void {
    if (this.wanted()) {
      const line = this.carry.length === 0 ? piece : Buffer.concat([...this.carry, piece]);
      this.collecting = collect(this.collector, line, this.maxBytes);
    } else if (this.line >= this.start) this.more = true;
    this.carry = [];
    this.carryBytes = 0;
    this.partial = false;
    this.line++;
  }
}

/** What {@link finishWindow} needs besides the kept lines. */
export interface FinishOptions {
  start: number;
  codec: Codec;
  total: number | undefined;
  more: boolean;
  maxBytes: number;
}

/** Decodes the kept lines into the window's content, trimming lines until its JSON fits the budget. */
export function finishWindow(collector: Collector, options: FinishOptions): TextWindow {
  const crlf = isCrlf(collector.lines);
  let count = collector.lines.length;
  let content = decodeLines(collector.lines, options.codec, crlf);
  let cut = collector.cut;
  // The running estimate misses JSON escapes (up to 6 bytes for a control character); measure exactly only when they could matter.
  const near = collector.bytes > options.maxBytes / 6;
  while (near && count > 1 && Buffer.byteLength(JSON.stringify(content)) > options.maxBytes) {
    count = Math.max(1, Math.floor(count * 0.9));
    content = decodeLines(collector.lines.slice(0, count), options.codec, crlf);
    cut = true;
  }
  // A single line of escape-heavy text can still be over: cut the line itself.
  for (let size = near ? Buffer.byteLength(JSON.stringify(content)) : 0; size > options.maxBytes;) {
    content = content.slice(0, Math.floor((content.length * options.maxBytes * 0.9) / size));
    size = Buffer.byteLength(JSON.stringify(content));
    cut = true;
  }
  return {
    kind: 'text',
    content,
    start: options.start,
    end: options.start + count - 1,
    ...(options.total === undefined ? {} : { total: options.total }),
    more: options.more || cut,
    cut,
    codec: options.codec,
    crlf,
  };
}

/** Whether every line (but perhaps the last) ends in CR: the file uses CRLF line endings. */
function isCrlf(lines: readonly Buffer[]): boolean {
  const endsInCr = (line: Buffer) => line.length > 0 && line[line.length - 1] === 13;
  return lines.some(endsInCr) && lines.every((line, index) => endsInCr(line) || index === lines.length - 1);
}

/** Joins lines with LF (dropping each CR of a CRLF file) and decodes them in one pass. */
function decodeLines(lines: readonly Buffer[], codec: Codec, crlf: boolean): string {
  const parts: Buffer[] = [];
  const newline = Buffer.from([10]);
  lines.forEach((line, index) => {
    if (index > 0) parts.push(newline);
    parts.push(crlf && line[line.length - 1] === 13 ? line.subarray(0, line.length - 1) : line);
  });
  return decodeText(Buffer.concat(parts), codec.encoding);
}
