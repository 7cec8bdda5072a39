import { jsonBytes, jsonBytesUpTo } from '@infra-mcp/core';

/** Rows that fit the output budget, and why the rest were left out. */
export interface FittedRows {
  rows: unknown[][];
  /** `bytes`: the budget ran out before `maxRows`; `cell`: even one row was too big and its long values were cut. */
  cut: 'bytes' | 'cell' | undefined;
}

// Each row costs its JSON plus the few bytes of its line in the text form.
const rowOverhead = 6;

/**
 * Keeps as many leading rows as fit in `budget` bytes. When not even the
 * first row fits, its long strings are shortened (saying by how much) so
 * the caller still sees the row's shape.
 */
export function fitRows(rows: unknown[][], budget: number): FittedRows {
  // Far under the budget (a large budget, or short rows), a bound that scans no string settles it.
  if (jsonBytesUpTo(rows, budget, 'rough') + rows.length * rowOverhead <= budget) return { rows, cut: undefined };
  let used = 0;
  for (let index = 0; index < rows.length; index++) {
    used += jsonBytes(rows[index]) + rowOverhead;
    if (used > budget) {
      if (index > 0) return { rows: rows.slice(0, index), cut: 'bytes' };
      return { rows: [shortenRow(rows[0]!, budget)], cut: 'cell' };
    }
  }
  return { rows, cut: undefined };
}

function shortenRow(row: unknown[], budget: number): unknown[] {
  const perCell = Math.max(32, Math.floor(budget / Math.max(1, row.length)) - 48);
  return row.map((value) => {
    const text =
      typeof value === 'string'
        ? value
        : value !== null && typeof value === 'object'
          ? JSON.stringify(value)
          : undefined;
    if (text === undefined || Buffer.byteLength(text) <= perCell) return value;
    const kept = Buffer.from(text)
      .subarray(0, perCell)
      .toString()
      .replace(/\uFFFD$/, '');
    return `${kept}… [${Buffer.byteLength(text) - Buffer.byteLength(kept)} more bytes]`;
  });
}

/** The leading items of a listing that fit in `budget` bytes (at least one, so a listing always moves on). */
export function fitItems<T>(items: readonly T[], budget: number): T[] {
  let used = 0;
  for (let index = 0; index < items.length; index++) {
    used += jsonBytes(items[index]) + rowOverhead;
    if (used > budget) return items.slice(0, Math.max(1, index));
  }
  return [...items];
}
