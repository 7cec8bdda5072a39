import * as z from 'zod';
import { ToolError } from '../errors.js';
import { defineOwnNotesTool } from './context-tool.js';
import { noteKey } from './note-schemas.js';

/** Deletes one of the caller's notes on this server. */
export const forgetNoteTool = defineOwnNotesTool({
  name: 'forget_note',
  title: 'Forget note',
  description: 'Deletes one of your notes.',
  input: z.object({ key: noteKey }),
  output: z.object({ key: z.string(), forgotten: z.literal(true) }),
  handler: async ({ key }, { notes }) => {
    if (!(await notes.delete(key))) {
      throw new ToolError('NOT_FOUND', `There is no note ${key} to forget.`, {
        hint: 'list_notes shows the keys you have.',
      });
    }
    return { key, forgotten: true as const };
  },
});
