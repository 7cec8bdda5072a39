import { ToolError } from '@infra-mcp/core';
import * as z from 'zod';

/**
 * An opaque cursor for catalog listings: the sort key of the last item shown,
 * so the next page starts right after it (keyset paging, stable under
 * concurrent changes).
 */
export function encodeListingCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes {@link encodeListingCursor}; a foreign string is an `INVALID_INPUT` error. */
export function decodeListingCursor(cursor: string, length: number): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const parsed = z.array(z.string()).length(length).safeParse(key);
  if (!parsed.success)
    throw new ToolError('INVALID_INPUT', 'The cursor is not one this tool issued.', {
      hint: 'Pass the cursor exactly as the previous page gave it, or omit it to start over.',
    });
  return parsed.data;
}
