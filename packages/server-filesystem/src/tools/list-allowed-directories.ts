import { readOnly } from '@infra-mcp/core';
import * as z from 'zod';
import { defineFsTool } from '../deps.js';

/** `list_allowed_directories`: the roots in force for this client, and which are read-only. */
export const listAllowedDirectoriesTool = defineFsTool({
  name: 'list_allowed_directories',
  title: 'Allowed directories',
  description: 'Directories this server may access, and which are read-only.',
  annotations: readOnly,
  input: z.object({}),
  output: z.object({ directories: z.array(z.object({ path: z.string(), readOnly: z.boolean() })) }),
  handler: async (_input, { sandbox, clientRoots }) => {
    const scope = await sandbox.scope(clientRoots);
    return { directories: scope.roots.map(({ path, readOnly: ro }) => ({ path, readOnly: ro })) };
  },
});
