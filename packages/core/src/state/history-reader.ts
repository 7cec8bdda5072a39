import type { HistoryRecorder } from '../tool.js';
import type { StateStore } from './store.js';

/** Reads the history of one server, newest first; empty when no store is configured. */
export function historyReader(state: StateStore | undefined, server: string): Pick<HistoryRecorder, 'list'> {
  return {
    list: async (query = {}) =>
      state === undefined
        ? { items: [] }
        : state.listHistory({
            server,
            limit: query.limit ?? 20,
            ...(query.tool === undefined ? {} : { tool: query.tool }),
            ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          }),
  };
}
