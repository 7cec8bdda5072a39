import { fenceClosing, fenceOpening, newFenceTag, untrustedNotice, type FencedKeys } from './untrusted.js';

/**
 * The compact text form of a structured result, produced once by core for
 * every tool. Scalars render as `key: value`, arrays of flat records as a
 * tab-separated table with a header row, nested objects indented, and a
 * multi-line string placed last and raw (so file contents read as themselves).
 */
export function renderText(value: unknown, options: RenderOptions = {}): string {
  if (!isRecord(value)) return renderScalar(value);
  const lines: string[] = [];
  const fence =
    options.untrusted !== undefined && !options.untrusted.empty
      ? { keys: options.untrusted, tag: newFenceTag() }
      : undefined;
  if (
    fence !== undefined &&
    Object.keys(value).some((key) => fence.keys.sourceOf(key) !== undefined && value[key] !== undefined)
  )
    lines.push(untrustedNotice);
  renderRecord(value, '', lines, true, fence);
  return lines.join('\n');
}

/** Options for {@link renderText}. */
export interface RenderOptions {
  /** Top-level keys holding outside text, fenced in the rendering with where the text came from. */
  untrusted?: FencedKeys;
}

interface Fence {
  keys: FencedKeys;
  tag: string;
}

type Entry = [string, unknown];

function renderRecord(
  record: Record<string, unknown>,
  indent: string,
  lines: string[],
  top: boolean,
  fence?: Fence,
): void {
  const entries = Object.entries(record).filter(([, v]) => v !== undefined);
  const notice = entries.find(([key]) => key === 'truncated');
  const ordered = orderEntries(entries.filter(([key]) => key !== 'truncated'));
  if (notice !== undefined && top) lines.push(...renderTruncation(notice[1]));
  const blocks = ordered.filter(([, v]) => isMultiline(v));
  const lastBlock = blocks.length === 1 && top ? blocks[0] : undefined;
  const fences = fenceWriter(fence, lines);
  for (const entry of ordered) {
    if (entry === lastBlock) continue;
    fences.enter(entry[0]);
    renderEntry(entry, indent, lines);
  }
  if (lastBlock !== undefined) {
    fences.close();
    lines.push(`${lastBlock[0]}:`);
    fences.enter(lastBlock[0]);
    lines.push(withoutFinalNewline(String(lastBlock[1])));
  }
  fences.close();
  if (notice !== undefined && !top) renderEntry(notice, indent, lines);
}

/**
 * Opens and closes fences around the entries of a record as they are
 * rendered: entries next to each other with the same source share one fence.
 */
function fenceWriter(fence: Fence | undefined, lines: string[]): { enter: (key: string) => void; close: () => void } {
  let open: string | undefined;
  const close = (): void => {
    if (fence !== undefined && open !== undefined) lines.push(fenceClosing(fence.tag));
    open = undefined;
  };
  return {
    enter: (key) => {
      const source = fence?.keys.sourceOf(key);
      if (source === open) return;
      close();
      if (fence !== undefined && source !== undefined) lines.push(fenceOpening(fence.tag, source));
      open = source;
    },
    close,
  };
}

function renderEntry([key, v]: Entry, indent: string, lines: string[]): void {
  if (Array.isArray(v)) {
    renderArray(key, v, indent, lines);
  } else if (isRecord(v)) {
    if (Object.keys(v).length === 0) {
      lines.push(`${indent}${key}: {}`);
      return;
    }
    lines.push(`${indent}${key}:`);
    renderRecord(v, `${indent}  `, lines, false);
  } else if (isMultiline(v)) {
    lines.push(`${indent}${key}: |`);
    for (const line of withoutFinalNewline(String(v)).split('\n')) lines.push(`${indent}  ${line}`);
  } else {
    lines.push(`${indent}${key}: ${renderScalar(v)}`);
  }
}

function renderArray(key: string, items: unknown[], indent: string, lines: string[]): void {
  if (items.length === 0) {
    lines.push(`${indent}${key}: []`);
    return;
  }
  if (items.every(isInlineScalar)) {
    const rendered = items.map(renderScalar);
    if (inlineLength(rendered) <= 160) {
      lines.push(`${indent}${key}: ${rendered.join(', ')}`);
      return;
    }
    lines.push(`${indent}${key} (${items.length}):`);
    for (const item of rendered) lines.push(`${indent}  ${item}`);
    return;
  }
  if (pushScalarRows(key, items, indent, lines)) return;
  if (items.every(isFlatRecord)) {
    renderTable(key, items, indent, lines);
    return;
  }
  lines.push(`${indent}${key} (${items.length}):`);
  for (const item of items) {
    if (isRecord(item)) {
      const nested: string[] = [];
      renderRecord(item, `${indent}    `, nested, false);
      const first = nested[0] ?? '';
      lines.push(`${indent}  - ${first.slice(indent.length + 4)}`, ...nested.slice(1));
    } else {
      lines.push(`${indent}  - ${renderScalar(item)}`);
    }
  }
}

/**
 * Rows of a result set, when every item is an array of inline scalars: one
 * tab-separated line each (a sibling list names the columns). Each cell is
 * looked at once, to render it and to learn that it is inline; at the first
 * item that is not such a row, the lines pushed are taken back and the
 * answer is false.
 */
function pushScalarRows(key: string, items: unknown[], indent: string, lines: string[]): boolean {
  const start = lines.length;
  lines.push(`${indent}${key} (${items.length}):`);
  for (const row of items) {
    const line = Array.isArray(row) ? rowLine(row, indent) : undefined;
    if (line === undefined) {
      lines.length = start;
      return false;
    }
    lines.push(line);
  }
  return true;
}

/** One row as a tab-separated line, or undefined when a cell is not an inline scalar. */
function rowLine(row: readonly unknown[], indent: string): string | undefined {
  let line = indent;
  for (let index = 0; index < row.length; index++) {
    const cell = inlineCell(row[index]);
    if (cell === undefined) return undefined;
    line = index === 0 ? line + cell : `${line}\t${cell}`;
  }
  return line;
}

/** A table cell's text, or undefined for a value that is not an inline scalar (a structure, multi-line text). */
function inlineCell(v: unknown): string | undefined {
  if (typeof v === 'string') {
    if (v === '') return '""';
    if (!cellBreak.test(v)) return v;
    return v.includes('\n') ? undefined : v.replace(/[\t\r]/g, ' ');
  }
  if (v === undefined) return '';
  if (typeof v === 'object' && v !== null) return undefined;
  return renderScalar(v);
}

/** What would break a table line: a tab or a line break. */
const cellBreak = /[\t\n\r]/;

function renderTable(key: string, rows: Record<string, unknown>[], indent: string, lines: string[]): void {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const column of Object.keys(row)) {
      if (row[column] !== undefined && !seen.has(column)) {
        seen.add(column);
        columns.push(column);
      }
    }
  }
  lines.push(`${indent}${key} (${rows.length}):`);
  lines.push(indent + columns.join('\t'));
  for (const row of rows) lines.push(indent + columns.map((column) => renderCell(row[column])).join('\t'));
}

/** The length of `items` joined by ", ", counted only as far as the inline limit. */
function inlineLength(items: readonly string[]): number {
  let length = -2;
  for (const item of items) {
    length += item.length + 2;
    if (length > 160) break;
  }
  return length;
}

function renderTruncation(notice: unknown): string[] {
  if (!isRecord(notice)) return [];
  const next = notice.next === undefined ? '' : ` Continue with: ${JSON.stringify(notice.next)}`;
  return [`[truncated] ${renderScalar(notice.notice)}${next}`];
}

/** Scalars first, then structures, then multi-line text. */
function orderEntries(entries: Entry[]): Entry[] {
  const weight = ([, v]: Entry): number => (isMultiline(v) ? 2 : isRecord(v) || Array.isArray(v) ? 1 : 0);
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => weight(a.entry) - weight(b.entry) || a.index - b.index)
    .map(({ entry }) => entry);
}

/** A cell of a table of flat records: an inline scalar as on a row line, a short list as JSON. */
function renderCell(v: unknown): string {
  return inlineCell(v) ?? renderScalar(v);
}

function renderScalar(v: unknown): string {
  if (v === null) return 'null';
  if (v === '') return '""';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}

function withoutFinalNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

function isMultiline(v: unknown): boolean {
  return typeof v === 'string' && v.includes('\n');
}

function isInlineScalar(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && !isMultiline(v));
}

function isFlatRecord(v: unknown): v is Record<string, unknown> {
  return (
    isRecord(v) &&
    Object.values(v).every((field) => field === undefined || isInlineScalar(field) || isShortArray(field))
  );
}

function isShortArray(v: unknown): boolean {
  return Array.isArray(v) && v.length <= 8 && v.every(isInlineScalar);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
