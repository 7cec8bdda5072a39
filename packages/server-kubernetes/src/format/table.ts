import * as z from 'zod';
import { isRecord, stringAt } from './json.js';

const tableSchema = z.object({
  kind: z.literal('Table'),
  columnDefinitions: z.array(z.object({ name: z.string(), priority: z.number().optional() })).default([]),
  rows: z.array(z.object({ cells: z.array(z.unknown()), object: z.unknown().optional() })).default([]),
  metadata: z.object({ continue: z.string().optional() }).optional(),
});

/** The Accept header that asks the API server for a meta.k8s.io Table, falling back to JSON. */
export const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** A row of a compact table: column → cell. */
export type Row = Record<string, string>;

/** Server-printed rows as kubectl shows them: priority-0 columns (all with `wide`), NAMESPACE first when asked. */
export function tableRows(
  body: unknown,
  options: { wide: boolean; namespaceColumn: boolean },
): { rows: Row[]; next?: string } | undefined {
  const parsed = tableSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const table = parsed.data;
  const columns = table.columnDefinitions
    .map((column, index) => ({ name: column.name.toUpperCase(), index, priority: column.priority ?? 0 }))
    .filter((column) => options.wide || column.priority === 0);
  const rows = table.rows.map((row) => {
    const cells: Row = {};
    if (options.namespaceColumn) cells.NAMESPACE = stringAt(row.object, 'metadata.namespace');
    for (const column of columns) cells[column.name] = cellText(row.cells[column.index]);
    return cells;
  });
  const next = table.metadata?.continue;
  return next === undefined || next === '' ? { rows } : { rows, next };
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '<none>';
  if (typeof cell === 'string') return cell === '' ? '<none>' : cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return isRecord(cell) || Array.isArray(cell) ? JSON.stringify(cell) : '';
}
