import { ToolError } from '../errors.js';
import type { NoteBook } from '../tool.js';
import type { StateStore } from './store.js';

const noStore = (): never => {
  throw new ToolError('UPSTREAM_UNAVAILABLE', 'Notes need the state store, and none is configured on this server.', {
    hint: 'Ask the operator to set INFRA_MCP_STATE_URL or leave the embedded store enabled.',
  });
};

/** The note book of one principal on one server, over the state store. */
export function noteBook(state: StateStore | undefined, namespace: string, owner: string): NoteBook {
  if (state === undefined)
    return {
      put: async () => noStore(),
      get: async () => noStore(),
      list: async () => noStore(),
      delete: async () => noStore(),
    };
  return {
    put: (key, value, options = {}) => state.putNote({ namespace, owner, key, value, ...options }),
    get: (key) => state.getNote({ namespace, owner, key }),
    list: (query = {}) => state.listNotes({ namespace, owner, limit: query.limit ?? 50, ...query }),
    delete: (key) => state.deleteNote({ namespace, owner, key }),
  };
}
