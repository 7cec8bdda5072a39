import * as z from 'zod';
import { noteLimits } from '../state/limits.js';
import { defineOwnNotesTool } from './context-tool.js';
import { noteKey, noteSummarySchema, noteTag, summarizeNote } from './note-schemas.js';

/** Saves one of the caller's notes on this server. */
export const rememberNoteTool = defineOwnNotesTool({
  name: 'remember_note',
  title: 'Remember note',
  description:
    'Saves a note that you can recall in later conversations on this server; only the same user sees it. ' +
    'Use for findings, decisions and context worth keeping. Replaces any note under the same key. ' +
    'Value up to 64 KiB; up to 16 tags; optional expiry.',
  input: z.object({
    key: noteKey,
    value: z.string().describe('The note text'),
    tags: z.array(noteTag).max(noteLimits.maxTags).optional().describe('Labels to find it by, e.g. ["incident-4521"]'),
    ttlSeconds: z
      .number()
      .int()
      .min(1)
      .max(noteLimits.maxTtlMs / 1000)
      .optional()
      .describe('Forget the note after this many seconds; omit to keep it'),
  }),
  output: noteSummarySchema,
  handler: async ({ key, value, tags, ttlSeconds }, { notes }) => {
    const saved = await notes.put(key, value, {
      ...(tags === undefined ? {} : { tags }),
      ...(ttlSeconds === undefined ? {} : { ttlMs: ttlSeconds * 1000 }),
    });
    return summarizeNote(saved);
  },
});
