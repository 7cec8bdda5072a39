import { ConfigError } from '../../config.js';

/** Where a PostgreSQL store lives: the connection string for `pg`, the schema, and a loggable form. */
export interface PostgresTarget {
  connectionString: string;
  schema: string;
  /** The URL with its password replaced, safe for logs and errors. */
  location: string;
}

/** The schema used when the URL names none. */
export const defaultSchema = 'infra_mcp';

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Reads `INFRA_MCP_STATE_URL=postgres://user:pass@host/db?schema=name`. The
 * `schema` parameter is ours: it is taken out before `pg` sees the URL.
 */
export function parsePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(
      'INFRA_MCP_STATE_URL is not a valid URL: set it to postgres://user:password@host:5432/database, or unset it for the embedded store',
    );
  }
  const schema = parsed.searchParams.get('schema') ?? defaultSchema;
  if (!schemaName.test(schema)) {
    throw new ConfigError(
      `INFRA_MCP_STATE_URL names the schema "${schema}": use lower-case letters, digits and _ (e.g. ?schema=${defaultSchema})`,
    );
  }
  parsed.searchParams.delete('schema');
  const redacted = new URL(parsed.href);
  if (redacted.password !== '') redacted.password = '***';
  return { connectionString: parsed.href, schema, location: redacted.href };
}

/** A schema-qualified table name; the schema was checked against {@link schemaName}, so quoting is enough. */
export function tableIn(schema: string, table: string): string {
  return `"${schema}".${table}`;
}
