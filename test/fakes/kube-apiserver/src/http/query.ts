import { type IncomingMessage } from 'node:http';
import { type Caller } from '../api/caller.js';
import { badRequest } from '../api/errors.js';

/** An optional integer query parameter; 400 when it is not one. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw badRequest(`invalid value for ${name}: ${raw}`);
  return value;
}

/** A boolean query parameter ("true" or "1"). */
export function boolParam(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  return raw === 'true' || raw === '1';
}

function defaultManager(request: IncomingMessage): string {
  const agent = request.headers['user-agent'] ?? '';
  const prefix = agent.split('/')[0]?.trim() ?? '';
  return (prefix === '' ? 'unknown' : prefix).slice(0, 128);
}

/** The write options of a request: dryRun, fieldManager (or the user-agent prefix), fieldValidation, force. */
export function callerOf(request: IncomingMessage, query: URLSearchParams, isApply: boolean): Caller {
  const dryRun = query.getAll('dryRun');
  if (dryRun.some((value) => value !== 'All'))
    throw badRequest(`Invalid dryRun value: ${dryRun.join(',')}; supported values: All`);
  const explicit = query.get('fieldManager');
  if (isApply && (explicit === null || explicit === '')) {
    throw badRequest('PATCH, application/apply-patch+yaml requires fieldManager to be set');
  }
  const validation = query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(validation)) {
    throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got: ${validation}`);
  }
  return {
    manager: explicit !== null && explicit !== '' ? explicit : defaultManager(request),
    dryRun: dryRun.length > 0,
    internal: false,
    fieldValidation: validation as Caller['fieldValidation'],
    force: boolParam(query, 'force'),
    warnings: [],
  };
}
