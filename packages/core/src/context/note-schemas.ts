import * as z from 'zod';
import { noteKeyPattern, noteLimits } from '../state/limits.js';
import type { Note } from '../state/store.js';

/** A note key as the model passes it. */
export const noteKey = z
  .string()
  .min(1)
  .max(noteLimits.maxKeyLength)
  .regex(noteKeyPattern, 'use only A-Z a-z 0-9 . _ : / -')
  .describe('e.g. deploy/web:last-good');

/** A tag as the model passes it. */
export const noteTag = z
  .string()
  .min(1)
  .max(noteLimits.maxTagLength)
  .regex(noteKeyPattern, 'use only A-Z a-z 0-9 . _ : / -');

/** What a tool shows of a note besides its value. */
export const noteSummarySchema = z.object({
  key: z.string(),
  tags: z.array(z.string()),
  bytes: z.number().int(),
  updatedAt: z.string(),
  expiresAt: z.string().optional(),
});

/** The listing form of a note. */
export function summarizeNote(note: Note): z.input<typeof noteSummarySchema> {
  return {
    key: note.key,
    tags: note.tags,
    bytes: Buffer.byteLength(note.value, 'utf8'),
    updatedAt: note.updatedAt.toISOString(),
    ...(note.expiresAt === undefined ? {} : { expiresAt: note.expiresAt.toISOString() }),
  };
}
