import { jsonBytes, truncated, type Truncation } from '@infra-mcp/core';
import type { StatementResult } from '../client/driver.js';
import { encodeCursor, type QueryCursor } from './cursor.js';
import { fitRows } from './page.js';
import type { TypeNameCache } from './type-names.js';
import { convertRows, type ResultColumn } from './values.js';

/** A page of a query result: columns, rows as arrays in column order, and how to continue. */
export interface QueryResult {
  connection: string;
  columns: ResultColumn[];
  rows: unknown[][];
  rowCount: number;
  truncated?: Truncation;
}

/** Room kept for everything but the rows: columns, counts and the truncation notice. */
const fixedReserve = 700;

/**
 * Turns fetched rows (`maxRows + 1` were asked for, to learn whether more
 * follow) into a result that fits `budget` bytes, with a cursor to the next
 * page when rows were left out.
 */
export function buildQueryResult(input: {
  page: StatementResult;
  typeNames: TypeNameCache;
  request: QueryCursor;
  budget: number;
}): QueryResult {
  const { page, request } = input;
  const columns = page.fields.map((field) => ({ name: field.name, type: input.typeNames.nameOf(field.typeOid) }));
  const converted = convertRows(page, request.maxRows);
  const moreRows = page.rows.length > request.maxRows;
  const cursorBytes = Math.ceil(Buffer.byteLength(JSON.stringify([request.sql, request.params])) * 1.4) + 120;
  const reserve = fixedReserve + jsonBytes(columns) + (moreRows || converted.length > 0 ? cursorBytes : 0);
  const fitted = fitRows(converted, Math.max(256, input.budget - reserve));
  const shown = fitted.rows.length;
  const result: QueryResult = { connection: request.connection, columns, rows: fitted.rows, rowCount: shown };
  const more = moreRows || fitted.cut === 'bytes';
  if (!more && fitted.cut !== 'cell') return result;
  const first = request.offset + 1;
  const last = request.offset + shown;
  const why = fitted.cut === undefined ? `max_rows is ${request.maxRows}` : 'the output budget is full';
  const cell =
    fitted.cut === 'cell' ? ' A long value was shortened; select a part of it (left(), ->) to see more.' : '';
  const cursor = encodeCursor(Object.assign({}, request, { offset: request.offset + shown }));
  result.truncated = more
    ? truncated(
        `Rows ${first}–${last} shown; more follow (${why}).${cell} Pass this cursor to query for the next page; each page re-runs the statement and skips the rows already shown, so use ORDER BY for stable pages.`,
        { cursor },
      )
    : truncated(cell.trim());
  return result;
}
