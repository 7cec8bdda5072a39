import { write, ToolError } from '@infra-mcp/core';
import { mkdirSync } from 'node:fs';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';
import { errnoOf, ioError } from '../guard/errors.js';
import { pathArg } from './schemas.js';

/** `create_directory`: `mkdir -p` inside a writable root. */
export const createDirectoryTool = defineFsTool({
  name: 'create_directory',
  title: 'Create directory',
  description: 'Create a directory and missing parents.',
  annotations: { ...write, idempotentHint: true },
  input: z.object({ path: pathArg }),
  output: z.object({ path: z.string(), created: z.boolean() }),
  handler: async ({ path }, { sandbox, clientRoots, history }) => {
    const scope = await sandbox.scope(clientRoots);
    using target = scope.resolve(path, { mkdirs: true });
    if (target.isRoot) return { path: target.path, created: false };
    if (target.stat !== undefined && !target.stat.isDirectory()) {
      throw new ToolError('CONFLICT', `${target.path} exists and is not a directory.`);
    }
    const created = target.stat === undefined;
    if (created) {
      try {
        // Through the parent's descriptor: the directory lands where the walk verified.
        mkdirSync(target.dir.child(target.name), 0o777);
      } catch (error) {
        if (errnoOf(error) !== 'EEXIST') throw ioError(error, target.path);
      }
    }
    target.directory();
    if (created) await history.record(`created directory ${target.path}`);
    return { path: target.path, created };
  },
});
