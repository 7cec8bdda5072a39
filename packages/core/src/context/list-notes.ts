import * as z from 'zod';
import { defineTool, readOnly } from '../tool.js';
import { noteKey, noteSummarySchema, noteTag, summarizeNote } from './note-schemas.js';

const previewLength = 120;

/** Lists the caller's notes on this server. */
export const listNotesTool = defineTool({
  name: 'list_notes',
  title: 'List notes',
  description: 'Your notes on this server with the start of each value; filter by key prefix or tag.',
  annotations: readOnly,
  input: z.object({
    prefix: noteKey.optional(),
    tag: noteTag.optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().optional(),
  }),
  output: z.object({
    notes: z.array(noteSummarySchema.extend({ preview: z.string() })),
    nextCursor: z.string().optional(),
  }),
  handler: async ({ prefix, tag, limit, cursor }, { notes }) => {
    const page = await notes.list({
      limit,
      ...(prefix === undefined ? {} : { prefix }),
      ...(tag === undefined ? {} : { tag }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    return {
      notes: page.items.map((note) => ({
        ...summarizeNote(note),
        preview: note.value.length > previewLength ? `${note.value.slice(0, previewLength)}…` : note.value,
      })),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  },
});
