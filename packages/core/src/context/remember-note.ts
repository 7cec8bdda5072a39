import * as z from 'zod';
import { noteLimits } from '../state/limits.js';
import { defineOwnNotesTool } from './context-tool.js';
import { noteKey, noteSummarySchema, noteTag, summarizeNote } from './note-schemas.js';

/** Saves one of the caller's notes on this server. */
export const rememberNoteTool = defineOwnNotesTool({
  name: 'remember_note',
  title: 'Remember note',
  description:
    'Saves a note (findings, decisions) to recall in later conversations; only you see it. Same key replaces.',
  input: z.object({
    key: noteKey,
    value: z.string(),
    tags: z.array(noteTag).max(noteLimits.maxTags).optional(),
    ttl_seconds: z
      .number()
      .int()
      .min(1)
      .max(noteLimits.maxTtlMs / 1000)
      .optional(),
  }),
  output: noteSummarySchema,
  handler: async ({ key, value, tags, ttl_seconds: ttlSeconds }, { notes }) => {
    const saved = await notes.put(key, value, {
      ...(tags === undefined ? {} : { tags }),
      ...(ttlSeconds === undefined ? {} : { ttlMs: ttlSeconds * 1000 }),
    });
    return summarizeNote(saved);
  },
});
