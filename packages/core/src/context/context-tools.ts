import type { Resource, ResourceTemplate } from '../resource.js';
import type { Tool } from '../tool.js';
import { historyResource, noteResourceTemplate, notesIndexResource } from './context-resources.js';
import { forgetNoteTool } from './forget-note.js';
import { listHistoryTool } from './list-history.js';
import { listNotesTool } from './list-notes.js';
import { recallNoteTool } from './recall-note.js';
import { rememberNoteTool } from './remember-note.js';

/** The context tools every server offers: the caller's notes and the server's change history. */
export const contextTools: readonly Tool<unknown>[] = Object.freeze([
  rememberNoteTool,
  recallNoteTool,
  listNotesTool,
  forgetNoteTool,
  listHistoryTool,
]);

/** The fixed `context://` resources every server offers. */
export const contextResources: readonly Resource<unknown>[] = Object.freeze([notesIndexResource, historyResource]);

/** The `context://` resource templates every server offers. */
export const contextResourceTemplates: readonly ResourceTemplate<unknown>[] = Object.freeze([noteResourceTemplate]);
