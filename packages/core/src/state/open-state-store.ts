import { join } from 'node:path';
import { ConfigError } from '../config.js';
import type { Logger } from '../log.js';
import type { Retention } from './retention.js';
import type { StateStore } from './store.js';
import { lazyStateStore } from './lazy-state-store.js';

/** Options for {@link openStateStore}. */
export interface OpenStateStoreOptions {
  /** `INFRA_MCP_STATE_URL`: unset for the embedded store under `dataDir`, or `postgres://…` for PostgreSQL. */
  url?: string | undefined;
  /** The user's data directory; the embedded store is `<dataDir>/state.db`. */
  dataDir: string;
  log: Logger;
  /** How long audit records and history are kept. */
  retention?: Retention;
  /**
   * Open the embedded store on first use rather than now (stdio servers: a
   * client starts every configured server, most of them sit idle).
   */
  lazy?: boolean;
  /** How often expired and retired rows are deleted (default 15 minutes); 0 turns sweeping off. */
  sweepIntervalMs?: number;
}

const defaultSweepIntervalMs = 15 * 60 * 1000;

/**
 * Opens the state store the settings ask for and sweeps it periodically.
 * Each backend is loaded only when chosen, so a stdio server never loads
 * `pg` it does not use. Throws `ConfigError` naming the setting and the fix.
 */
export async function openStateStore(options: OpenStateStoreOptions): Promise<StateStore> {
  const url = options.url?.trim() ?? '';
  if (url === '' && options.lazy === true) {
    const file = join(options.dataDir, 'state.db');
    return lazyStateStore({ backend: 'sqlite', location: file }, () => openStateStore({ ...options, lazy: false }));
  }
  let store: StateStore;
  if (url === '') {
    const { openSqliteStore } = await import('./sqlite/sqlite-store.js');
    store = openSqliteStore({ file: join(options.dataDir, 'state.db'), log: options.log, ...retentionOf(options) });
  } else if (/^postgres(ql)?:\/\//i.test(url)) {
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    store = await openPostgresStore({ url, log: options.log, ...retentionOf(options) });
  } else {
    throw new ConfigError(
      `INFRA_MCP_STATE_URL must start with postgres:// (e.g. postgres://user:password@host:5432/database), ` +
        'or be unset to keep state in an embedded database under INFRA_MCP_DATA_DIR',
    );
  }
  options.log.info('state store open', { backend: store.backend, location: store.location });
  return withPeriodicSweep(store, options.sweepIntervalMs ?? defaultSweepIntervalMs, options.log);
}

function retentionOf(options: OpenStateStoreOptions): { retention?: Retention } {
  return options.retention === undefined ? {} : { retention: options.retention };
}

/** Sweeps in the background; the timer never keeps the process alive, and `close` stops it. */
function withPeriodicSweep(store: StateStore, intervalMs: number, log: Logger): StateStore {
  if (intervalMs <= 0) return store;
  // Jitter spreads the sweeps of many processes that started together.
  const timer = setInterval(
    () => {
      store.sweep().then(
        (removed) => log.debug('state store swept', { removed }),
        (error: unknown) => log.warn('state store sweep failed', { error }),
      );
    },
    Math.round(intervalMs * (0.75 + Math.random() / 2)),
  );
  timer.unref();
  return {
    ...store,
    close: async () => {
      clearInterval(timer);
      await store.close();
    },
  };
}
