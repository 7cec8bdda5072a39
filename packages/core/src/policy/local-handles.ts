import { randomBytes } from 'node:crypto';
import type { Handle, HandleInput, StateStore } from '../state/store.js';

/** The part of the state store that mints and redeems handles. */
export type HandleStore = Pick<StateStore, 'createHandle' | 'redeemHandle'>;

/**
 * Handles kept in this process only: what a server without a state store
 * uses (tests, embedded single-process runs). Replicas need the shared store.
 */
export function createLocalHandles(now: () => number = Date.now): HandleStore {
  const handles = new Map<string, Handle>();
  const sweep = (): void => {
    for (const [id, handle] of handles) if (handle.expiresAt.getTime() <= now()) handles.delete(id);
  };
  return {
    createHandle: async (input: HandleInput) => {
      sweep();
      const handle: Handle = {
        id: randomBytes(18).toString('base64url'),
        kind: input.kind,
        payload: structuredClone(input.payload),
        expiresAt: new Date(now() + input.ttlMs),
        ...(input.owner === undefined ? {} : { owner: input.owner }),
      };
      handles.set(handle.id, handle);
      return handle;
    },
    redeemHandle: async (id, kind, options = {}) => {
      const handle = handles.get(id);
      if (handle === undefined || handle.kind !== kind || handle.expiresAt.getTime() <= now()) return undefined;
      if (options.owner !== undefined && handle.owner !== undefined && handle.owner !== options.owner) return undefined;
      if (options.consume === true) handles.delete(id);
      return handle;
    },
  };
}
