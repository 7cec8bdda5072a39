import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { DirHandle } from '../guard/dir-handle.js';
import type { LineMatcher } from './matcher.js';
import { sniff, sniffBytes, type TextEncoding } from './text-codec.js';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;

/** One line of grep output: a match, or a context line around one. `content` is the file's own text. */
export interface Hit {
  file: string;
  line: number;
  content: string;
  context?: true;
}

/** Options of {@link scanFile}. */
export interface ScanOptions {
  /** The file's path relative to the search's start (shown in hits). */
  rel: string;
  matcher: LineMatcher;
  context: number;
  /** First line to report (a resumed search starts mid-file). */
  fromLine: number;
  maxMatches: number;
  maxBytes: number;
  signal: AbortSignal;
}

/** The result of scanning one file. */
export type Scanned =
  { kind: 'skipped' } | { kind: 'scanned'; hits: Hit[]; matches: number; bytes: number; stoppedAt?: number };

/** Files larger than this are skipped by content search. */
export const maxScanBytes = 256 * 1024 * 1024;
const chunkBytes = 256 * 1024;
const maxLineChars = 400;
const maxCarryBytes = 1024 * 1024;

/**
 * Searches one file, opened through its directory with O_NOFOLLOW. Skips
 * anything that is not a regular file, files with several hard links (unless
 * the root allows them), binary and very large files. Streams the file, so
 * memory stays at one chunk whatever its size.
 */
export async function scanFile(dir: DirHandle, name: string, options: ScanOptions): Promise<Scanned> {
  let fd: number;
  try {
    fd = openSync(dir.child(name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return { kind: 'skipped' };
  }
  try {
    dir.confirm();
    const stat = fstatSync(fd);
    if (!stat.isFile() || (stat.nlink > 1 && !dir.root.allowHardLinks) || stat.size > maxScanBytes)
      return { kind: 'skipped' };
    const head = Buffer.allocUnsafe(Math.min(stat.size, sniffBytes));
    const headRead = readSync(fd, head, 0, head.length, 0);
    const sniffed = sniff(head.subarray(0, headRead), headRead === stat.size);
    if (sniffed.kind === 'binary' || sniffed.codec.encoding.startsWith('utf16')) return { kind: 'skipped' };
    return await scanLines(fd, stat.size, sniffed.codec.encoding, sniffed.codec.bom, options);
  } finally {
    closeSync(fd);
  }
}

class HitCollector {
  readonly hits: Hit[] = [];
  matches = 0;
  bytes = 0;
  private lastShown = 0;
  private readonly before: { line: number; text: string }[] = [];
  private afterLeft = 0;

  constructor(private readonly options: ScanOptions) {}

  /** Takes one line; returns false when the search must stop before this line. */
  take(line: number, text: string): boolean {
    if (line < this.options.fromLine) return true;
    if (!this.options.matcher(text)) {
      this.context(line, text);
      return true;
    }
    if (this.matches >= this.options.maxMatches) return false;
    const pending = [...this.before.filter((entry) => entry.line > this.lastShown), { line, text }];
    const cost = pending.reduce((sum, entry) => sum + this.cost(entry.text), 0);
    if (this.bytes + cost > this.options.maxBytes && this.matches > 0) return false;
    for (const entry of pending.slice(0, -1)) this.push(entry.line, entry.text, true);
    this.push(line, text, false);
    this.matches++;
    this.before.length = 0;
    this.afterLeft = this.options.context;
    return true;
  }

  private context(line: number, text: string): void {
    if (this.options.context === 0) return;
    if (this.afterLeft > 0) {
      this.afterLeft--;
      if (this.bytes + this.cost(text) <= this.options.maxBytes) this.push(line, text, true);
      return;
    }
    this.before.push({ line, text });
    if (this.before.length > this.options.context) this.before.shift();
  }

  private push(line: number, text: string, context: boolean): void {
    const shown = text.length > maxLineChars ? `${text.slice(0, maxLineChars)}…` : text;
    this.hits.push({ file: this.options.rel, line, content: shown, ...(context ? { context: true as const } : {}) });
    this.bytes += this.cost(shown);
    this.lastShown = line;
  }

  private cost(text: string): number {
    return Math.min(text.length, maxLineChars) + this.options.rel.length + 48;
  }
}

async function scanLines(fd: number, size: number, encoding: TextEncoding, bom: number, options: ScanOptions) {
  const collector = new HitCollector(options);
  const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(size, 1)));
  let carry = Buffer.alloc(0);
  let position = bom;
  let line = 1;
  const done = (stoppedAt?: number): Scanned => ({
    kind: 'scanned',
    hits: collector.hits,
    matches: collector.matches,
    bytes: collector.bytes,
    ...(stoppedAt === undefined ? {} : { stoppedAt }),
  });
  while (position < size) {
    const read = readSync(fd, buffer, 0, buffer.length, position);
    if (read === 0) break;
    position += read;
    const chunk = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, read)]) : buffer.subarray(0, read);
    let from = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, from)) {
      const text = chunk.toString(encoding === 'latin1' ? 'latin1' : 'utf8', from, newline).replace(/\r$/, '');
      if (!collector.take(line, text)) return done(line);
      from = newline + 1;
      line++;
    }
    // A line longer than this is searched by its first part only, so memory stays bounded.
    carry = Buffer.from(chunk.subarray(from, Math.min(chunk.length, from + maxCarryBytes)));
    if (position < size) {
      await yieldToLoop();
      options.signal.throwIfAborted();
    }
  }
  if (carry.length > 0 && !collector.take(line, carry.toString(encoding === 'latin1' ? 'latin1' : 'utf8')))
    return done(line);
  return done();
}
