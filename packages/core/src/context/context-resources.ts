import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError } from '@modelcontextprotocol/server';
import { ToolError } from '../errors.js';
import { defineResource, defineResourceTemplate, type ReadContext, type ResourceListing } from '../resource.js';
import { summarizeNote } from './note-schemas.js';

const indexSize = 200;
const listedNotes = 100;
const historySize = 50;

/** The URI of the caller's note `key`; keys need no escaping (see `noteKeyPattern`). */
export function noteUri(key: string): string {
  return `context://notes/${key}`;
}

const json = (value: unknown): { text: string; mimeType: string } => ({
  text: JSON.stringify(value, null, 2),
  mimeType: 'application/json',
});

/** The index of the caller's notes on this server. */
export const notesIndexResource = defineResource<unknown>({
  uri: 'context://notes',
  name: 'notes',
  title: 'My notes',
  description: 'The notes you saved on this server: key, tags, size and when each changed.',
  mimeType: 'application/json',
  read: async ({ notes }: ReadContext) => {
    const page = await notes.list({ limit: indexSize });
    return json({
      notes: page.items.map((note) => ({ ...summarizeNote(note), uri: noteUri(note.key) })),
      ...(page.nextCursor === undefined
        ? {}
        : { more: `Only the first ${indexSize} are shown; list_notes pages through all.` }),
    });
  },
});

/** The server's recent changes: what "what changed?" reads. */
export const historyResource = defineResource<unknown>({
  uri: 'context://history',
  name: 'history',
  title: 'Change history',
  description: `The last ${historySize} changes made through this server, newest first.`,
  mimeType: 'application/json',
  read: async ({ history }: ReadContext) => {
    const page = await history.list({ limit: historySize });
    return json({
      changes: page.items.map(({ id, at, tool, principal, outcome, summary, args }) => ({
        id,
        at: at.toISOString(),
        tool,
        principal,
        outcome,
        summary,
        args,
      })),
    });
  },
});

/** One of the caller's notes, its value as the body. */
export const noteResourceTemplate = defineResourceTemplate<unknown>({
  uriTemplate: 'context://notes/{+key}',
  name: 'note',
  title: 'Note',
  description: 'One of your saved notes, by key.',
  mimeType: 'text/plain',
  list: async ({ notes, log }: ReadContext): Promise<ResourceListing[]> => {
    try {
      const page = await notes.list({ limit: listedNotes });
      return page.items.map((note) => ({
        uri: noteUri(note.key),
        name: note.key,
        ...(note.tags.length === 0 ? {} : { description: `Tags: ${note.tags.join(', ')}` }),
        mimeType: 'text/plain',
      }));
    } catch (error) {
      // A store outage must not take the whole resources/list down with it.
      log.warn('cannot list notes as resources', { error });
      return [];
    }
  },
  read: async ({ key = '' }, { notes }: ReadContext) => {
    let note;
    try {
      note = await notes.get(key);
    } catch (error) {
      if (error instanceof ToolError && error.code === 'INVALID_INPUT')
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `${error.message} ${error.hint ?? ''}`.trim());
      throw error;
    }
    if (note === undefined) throw new ResourceNotFoundError(noteUri(key), `There is no note ${key}.`);
    return { text: note.value, mimeType: 'text/plain' };
  },
});
