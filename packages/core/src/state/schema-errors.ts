import { ConfigError } from '../config.js';

/** The error for a database a newer infra-mcp migrated: refusing it is the only way not to damage it. */
export function newerSchemaError(where: string, found: number, known: number, elsewhere: string): ConfigError {
  return new ConfigError(
    `${where} was written by a newer infra-mcp (schema v${found}; this version knows up to v${known}) and was left ` +
      `untouched: upgrade infra-mcp, or ${elsewhere}`,
  );
}

/** The error for a database that holds something other than an infra-mcp state store. */
export function foreignDatabaseError(where: string, elsewhere: string): ConfigError {
  return new ConfigError(
    `${where} already holds data that is not an infra-mcp state store, and was left untouched: ${elsewhere}`,
  );
}
