import * as z from 'zod';

/** A JSON object column (arguments, data, payload) as stored by either backend. */
export const jsonObject = z.record(z.string(), z.unknown());
/** The tags column. */
export const tagList = z.array(z.string());

/** Parses a JSON text column holding an object; a row that is not one is damage, not input. */
export function parseJsonObject(text: string): Record<string, unknown> {
  return jsonObject.parse(JSON.parse(text));
}

/** Parses a JSON text column holding tags. */
export function parseTags(text: string): string[] {
  return tagList.parse(JSON.parse(text));
}

/** A page from rows fetched with one extra row: the extra one only says that more exist. */
export function pageOf<R, T>(rows: readonly R[], limit: number, map: (row: R) => T, cursorOf: (item: T) => string) {
  const items = rows.slice(0, limit).map(map);
  const last = items.at(-1);
  return rows.length > limit && last !== undefined ? { items, nextCursor: cursorOf(last) } : { items };
}
