import type { ServerModule } from '@infra-mcp/core';
import { createDatabaseServer, loadDatabaseConfig, loadSqlParser, type DatabaseConfig } from './index.js';

/** How the `infra-mcp` command runs the database server. */
export const databaseModule: ServerModule<DatabaseConfig> = {
  name: 'database',
  summary: 'Explore PostgreSQL, run read-only queries, plans and health checks, and (when enabled) confirmed writes.',
  usage: '[postgres://user@host:5432/database]',
  configure: ({ env, args, section, core }) => loadDatabaseConfig({ env, args, section, dataDir: core.dataDir }),
  create: async ({ config, log, platform }) => {
    // The SQL parser (WebAssembly) loads a moment after start, so it neither slows the handshake nor the
    // first query; a query that comes sooner waits for it.
    setTimeout(
      () => void loadSqlParser().catch((error: unknown) => log.error('could not load the SQL parser', { error })),
      1_000,
    ).unref();
    for (const connection of config.connections)
      log.info('database connection', {
        connection: connection.name,
        mode: connection.mode,
        engine:
          connection.target.kind === 'sandbox'
            ? 'PGlite sandbox'
            : `${connection.target.host}:${connection.target.port}/${connection.target.database}`,
      });
    return createDatabaseServer({ config, ...platform.serverOptions });
  },
  exampleArgs: () => [],
};
