import { serverModes, type ServerMode } from '@infra-mcp/core';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

/** Flags and positional arguments of one command. */
export interface ParsedFlags {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses flags strictly; an unknown or malformed flag becomes a one-line {@link UsageError}. */
export function parseFlags(
  command: string,
  args: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): ParsedFlags {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: values as ParsedFlags['values'], positionals };
  } catch (error) {
    const message =
      (error as Error).message.split('\n')[0]?.replace(/\. To specify a positional argument.*$/, '') ?? 'bad arguments';
    throw new UsageError(`${message} for infra-mcp ${command}: run infra-mcp ${command} --help`);
  }
}

/** Reads a string flag. */
export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const value = flags.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads `--mode`, refusing anything but a server mode. */
export function modeFlag(flags: ParsedFlags): ServerMode | undefined {
  const value = stringFlag(flags, 'mode');
  if (value === undefined) return undefined;
  const mode = serverModes.find((candidate) => candidate === value);
  if (mode === undefined) throw new UsageError(`--mode ${value} is not a mode: use ${serverModes.join(', ')}`);
  return mode;
}
