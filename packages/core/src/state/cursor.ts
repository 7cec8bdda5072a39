import * as z from 'zod';
import { ToolError } from '../errors.js';

/** Where a notes page ends: the last key returned (notes list in key order). */
const notePosition = z.object({ k: z.string().min(1) }).strict();
/** Where a history or audit page ends: the last id returned (newest first). */
const sequencePosition = z.object({ i: z.number().int().positive() }).strict();

function encode(position: object): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decode<T>(cursor: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ToolError('INVALID_INPUT', 'The cursor is not one this list returned.', {
      hint: 'Pass nextCursor from the previous page unchanged, or omit cursor to start from the first page.',
    });
  }
  return parsed.data;
}

/** An opaque cursor after the note `key`. */
export function encodeNoteCursor(key: string): string {
  return encode({ k: key });
}

/** The key a notes cursor continues after; throws `INVALID_INPUT` for anything else. */
export function decodeNoteCursor(cursor: string): string {
  return decode(cursor, notePosition).k;
}

/** An opaque cursor after the record with sequence number `id`. */
export function encodeSequenceCursor(id: number): string {
  return encode({ i: id });
}

/** The sequence number a history or audit cursor continues before; throws `INVALID_INPUT` for anything else. */
export function decodeSequenceCursor(cursor: string): number {
  return decode(cursor, sequencePosition).i;
}
