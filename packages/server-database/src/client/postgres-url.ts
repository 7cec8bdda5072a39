import { ConfigError } from '@infra-mcp/core';
import type { TlsConfig } from '../connection-config.js';

/** The parts of a `postgres://` URL this server uses. */
export interface ParsedPostgresUrl {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  sslMode?: TlsConfig['mode'];
}

const sslModes: Record<string, TlsConfig['mode']> = {
  disable: 'disable',
  allow: 'disable',
  prefer: 'disable',
  require: 'require',
  'no-verify': 'require',
  'verify-ca': 'verify-ca',
  'verify-full': 'verify-full',
};

/**
 * Parses a libpq-style URL (`postgres://user:secret@host:5432/db?sslmode=require`,
 * `postgresql:///db?host=/var/run/postgresql`). Errors never repeat the URL,
 * since it may carry a password.
 */
export function parsePostgresUrl(raw: string, where: string): ParsedPostgresUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${where} is not a URL: use postgres://user@host:5432/database`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new ConfigError(`${where} must start with postgres:// or postgresql://`);
  const query = url.searchParams;
  const host = query.get('host') ?? (url.hostname === '' ? undefined : decodeURIComponent(url.hostname));
  const portText = query.get('port') ?? (url.port === '' ? undefined : url.port);
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
    throw new ConfigError(`${where} has an invalid port: use a number between 1 and 65535`);
  const database =
    url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : (query.get('dbname') ?? undefined);
  const user = url.username === '' ? (query.get('user') ?? undefined) : decodeURIComponent(url.username);
  const password = url.password === '' ? (query.get('password') ?? undefined) : decodeURIComponent(url.password);
  const rawMode = query.get('sslmode') ?? undefined;
  const sslMode = rawMode === undefined ? undefined : sslModes[rawMode];
  if (rawMode !== undefined && sslMode === undefined)
    throw new ConfigError(`${where} has sslmode=${rawMode}: use disable, require, verify-ca or verify-full`);
  return {
    ...(host === undefined ? {} : { host: host.replace(/^\[(.*)\]$/, '$1') }),
    ...(port === undefined ? {} : { port }),
    ...(database === undefined ? {} : { database }),
    ...(user === undefined ? {} : { user }),
    ...(password === undefined ? {} : { password }),
    ...(sslMode === undefined ? {} : { sslMode }),
  };
}
