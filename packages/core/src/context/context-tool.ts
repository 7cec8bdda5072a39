import type * as z from 'zod';
import { defineTool, type Tool, type ToolAnnotations, type ToolSpec } from '../tool.js';

/**
 * Honest annotations for a tool that changes only the caller's own notes:
 * it writes (clients may ask before running it), destroys nothing the
 * infrastructure holds, and saving the same note twice changes nothing more.
 */
export const ownNotes: ToolAnnotations = Object.freeze({
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
});

/**
 * Defines a tool that writes only the caller's own notes in infra-mcp's
 * store, never the infrastructure. Its annotations say it writes, but core
 * lists and authorizes it as `read`: the server mode guards the
 * infrastructure, and a read-only server should still remember
 * (docs/decisions/005-notes-in-every-mode.md).
 */
export function defineOwnNotesTool<I extends z.ZodObject, O extends z.ZodObject>(
  spec: Omit<ToolSpec<I, O, unknown>, 'annotations' | 'classify' | 'scopes'>,
): Tool<unknown> {
  return Object.freeze({ ...defineTool({ ...spec, annotations: ownNotes }), toolClass: 'read' });
}
