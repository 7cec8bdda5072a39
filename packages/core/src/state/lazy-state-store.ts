import { ConfigError } from '../config.js';
import { ToolError } from '../errors.js';
import type { StateStore } from './store.js';

type Operations = Omit<StateStore, 'backend' | 'location' | 'close'>;

/**
 * A store that opens on first use. A stdio server that is started and never
 * called (a desktop client starts every configured server) then loads no
 * database driver and touches no file. A store that cannot be opened (a
 * corrupt or newer file) answers each use with that one-line reason, and
 * opening is tried again on the next use.
 */
export function lazyStateStore(
  info: Pick<StateStore, 'backend' | 'location'>,
  open: () => Promise<StateStore>,
): StateStore {
  let opening: Promise<StateStore> | undefined;
  const store = (): Promise<StateStore> => {
    opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error instanceof ConfigError
        ? new ToolError('UPSTREAM_UNAVAILABLE', error.message, { cause: error })
        : error;
    });
    return opening;
  };
  const operation =
    <K extends keyof Operations>(name: K) =>
    async (...args: Parameters<Operations[K]>): Promise<Awaited<ReturnType<Operations[K]>>> => {
      const opened = await store();
      const method = opened[name] as (
        ...forwarded: Parameters<Operations[K]>
      ) => Promise<Awaited<ReturnType<Operations[K]>>>;
      return method.apply(opened, args);
    };
  return {
    ...info,
    putNote: operation('putNote'),
    getNote: operation('getNote'),
    listNotes: operation('listNotes'),
    deleteNote: operation('deleteNote'),
    appendHistory: operation('appendHistory'),
    listHistory: operation('listHistory'),
    createHandle: operation('createHandle'),
    redeemHandle: operation('redeemHandle'),
    takeTokens: operation('takeTokens'),
    appendAudit: operation('appendAudit'),
    listAudit: operation('listAudit'),
    sweep: operation('sweep'),
    ping: operation('ping'),
    close: async () => {
      const opened = await opening?.catch(() => undefined);
      await opened?.close();
    },
  };
}
