import type { DescriptorSource, DescriptorTable } from '@infra-mcp/core';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the build writes the table of `server` at `detail`, relative to the bundle's directory. */
export function descriptorFile(server: string, detail: string): string {
  return `descriptors/${server}.${detail}.json`;
}

/**
 * The tool descriptors the build computed, read from beside the bundle
 * (`build.mjs` writes one file per server and level of detail) when a
 * server is built. None when there is no such file, as when running from
 * source: servers then describe their tools themselves.
 */
export function builtDescriptors(cliPath: string): DescriptorSource {
  return (server, detail) => {
    try {
      return JSON.parse(
        readFileSync(join(dirname(cliPath), descriptorFile(server, detail)), 'utf8'),
      ) as DescriptorTable;
    } catch {
      return undefined;
    }
  };
}
