import { defineToolFor, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import type { DatabaseDeps } from '../deps.js';

/** `defineTool` with the database server's dependencies. */
export const defineDatabaseTool = defineToolFor<DatabaseDeps>();

/** The optional `connection` argument every tool takes (the session layer names the valid ones). */
export const connectionInput = z.string().optional().describe('Default: the first connection');

/** Bind parameters for `$1`, `$2`, …: scalars, arrays (sent as PostgreSQL arrays) or objects (sent as JSON). */
export const paramsInput = z.array(z.unknown()).max(1000).optional().describe('Values for $1, $2…');

/** A per-call statement timeout; it can only lower the connection's. */
export const timeoutInput = z.number().int().min(100).optional().describe('Lowers the statement timeout');

/**
 * A value read from the database: a query's cells, a comment, another
 * session's SQL. Anyone who can write to the database can write it, so the
 * text form fences it as data, never instructions (decision 008).
 */
export const databaseValue = untrusted(z.unknown(), 'database');

/** Rows of a result set, as arrays in column order. */
export const rowsOutput = z.array(z.array(databaseValue));

/** Loosely typed rows of a catalog or statistics listing; the tool description says what they hold. */
export const recordsOutput = z.array(z.record(z.string(), databaseValue));

/** Sends a tool's JSON parameters to PostgreSQL as text, the way `psql` would type them. */
export function toParamText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object'))
    return `{${value
      .map((item) =>
        item === null
          ? 'NULL'
          : `"${String(item as string | number | boolean)
              .replace(/\\/g, '\\\\')
              .replace(/"/g, '\\"')}"`,
      )
      .join(',')}}`;
  return JSON.stringify(value);
}
