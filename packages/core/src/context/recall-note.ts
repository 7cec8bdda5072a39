import * as z from 'zod';
import { ToolError } from '../errors.js';
import { defineTool, readOnly } from '../tool.js';
import { noteKey, noteSummarySchema, summarizeNote } from './note-schemas.js';

/** Reads one of the caller's notes on this server. */
export const recallNoteTool = defineTool({
  name: 'recall_note',
  title: 'Recall note',
  description: 'Returns a note you saved with remember_note.',
  annotations: readOnly,
  input: z.object({ key: noteKey }),
  output: noteSummarySchema.extend({ value: z.string() }),
  handler: async ({ key }, { notes }) => {
    const note = await notes.get(key);
    if (note === undefined) {
      throw new ToolError('NOT_FOUND', `There is no note ${key} (it was never saved, was forgotten, or expired).`, {
        hint: 'list_notes shows the keys you have.',
      });
    }
    return { ...summarizeNote(note), value: note.value };
  },
});
