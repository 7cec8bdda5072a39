import { ToolError } from '@infra-mcp/core';
import * as z from 'zod';

/** Where a paged query continues: the same statement, from row `offset`. */
export interface QueryCursor {
  connection: string;
  sql: string;
  params: unknown[];
  offset: number;
  maxRows: number;
}

const payloadSchema = z.object({
  v: z.literal(1),
  c: z.string(),
  s: z.string(),
  p: z.array(z.unknown()),
  o: z.number().int().min(0),
  m: z.number().int().min(1),
});

/**
 * Encodes a cursor as an opaque string that carries the whole query, so
 * `query cursor=…` alone continues it. Each page re-runs the statement and
 * skips `offset` rows; anything in it is checked again like new input, so a
 * forged cursor gains nothing.
 */
export function encodeCursor(cursor: QueryCursor): string {
  const payload: z.infer<typeof payloadSchema> = {
    v: 1,
    c: cursor.connection,
    s: cursor.sql,
    p: cursor.params,
    o: cursor.offset,
    m: cursor.maxRows,
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** Decodes a cursor from {@link encodeCursor}; anything else is an `INVALID_INPUT` error. */
export function decodeCursor(text: string): QueryCursor {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    payload = undefined;
  }
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success)
    throw new ToolError('INVALID_INPUT', 'The cursor is not one this server issued.', {
      hint: 'Pass the cursor exactly as a previous query result gave it, or run the query again without one.',
    });
  const { c, s, p, o, m } = parsed.data;
  return { connection: c, sql: s, params: p, offset: o, maxRows: m };
}
